package io.echotune.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test fixtures: the real exports under $ECHOTUNE_SHARED_DATA/history, the counts a correct import of them must
 * report (computed here independently, with plain Jackson over the raw files), uploads, ZIP builders and waiting
 * for an import to end.
 */
final class ImportFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long DAY_MS = 86_400_000L;

    private ImportFixtures() {
    }

    private static final List<String> USERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static String newUser() {
        String user = "ingestion-test-" + UUID.randomUUID();
        USERS.add(user);
        return user;
    }

    /**
     * Removes the listening history of the users the tests created so far from the shared MongoDB (the stand-in
     * slows down as its collection grows). Best effort: a failure here never fails a test.
     */
    static void deleteTestHistory() {
        List<String> users = new ArrayList<>(USERS);
        if (users.isEmpty()) {
            return;
        }
        String uri = System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017");
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(uri)) {
            client.getDatabase("echotune").getCollection("listening_history")
                    .deleteMany(com.mongodb.client.model.Filters.in("userId", users));
            USERS.removeAll(users);
        } catch (RuntimeException e) {
            System.err.println("Could not clean up test history: " + e);
        }
    }

    static Path history() {
        String shared = System.getenv("ECHOTUNE_SHARED_DATA");
        if (shared == null) {
            throw new IllegalStateException("ECHOTUNE_SHARED_DATA is not set (surefire sets it)");
        }
        return Path.of(shared, "history");
    }

    /** The streaming-history files of one person (not YourLibrary.json, Playlist1.json or the derived CSVs). */
    static List<Path> streamingFiles(String format, String person) {
        try (Stream<Path> files = Files.list(history().resolve(format).resolve(person))) {
            return files.filter(p -> p.getFileName().toString().startsWith("Streaming")
                            && p.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts a correct import must report, for one upload of the given files by a user with no history yet. */
    record Expected(long read, long stored, long duplicates, long rejected) {
    }

    static Expected expected(List<Path> files) {
        long read = 0;
        long rejected = 0;
        Set<String> identities = new HashSet<>();
        long now = System.currentTimeMillis();
        for (Path file : files) {
            JsonNode records = readJson(file);
            for (JsonNode r : records) {
                read++;
                String identity = identity(r, now);
                if (identity == null) {
                    rejected++;
                } else {
                    identities.add(identity);
                }
            }
        }
        long stored = identities.size();
        return new Expected(read, stored, read - stored - rejected, rejected);
    }

    /** The API's record identity (end time, track identity, msPlayed), or null for a record that must be rejected. */
    private static String identity(JsonNode r, long now) {
        boolean basic = r.has("endTime");
        String end = text(r, basic ? "endTime" : "ts");
        JsonNode ms = r.get(basic ? "msPlayed" : "ms_played");
        if (end == null || ms == null || !ms.canConvertToLong() || ms.asLong() < 0 || ms.asLong() > DAY_MS) {
            return null;
        }
        Instant at = basic ? Instant.parse(end.replace(' ', 'T') + ":00Z") : Instant.parse(end);
        if (at.toEpochMilli() > now + DAY_MS) {
            return null;
        }
        String uri = basic ? null : firstText(r, "spotify_track_uri", "spotify_episode_uri", "audiobook_chapter_uri", "audiobook_uri");
        String artist = basic ? text(r, "artistName") : firstText(r, "master_metadata_album_artist_name", "episode_show_name", "audiobook_title");
        String title = basic ? text(r, "trackName") : firstText(r, "master_metadata_track_name", "episode_name", "audiobook_chapter_title");
        if (uri == null && (artist == null || title == null)) {
            return null;
        }
        String track = uri != null ? uri : "name:" + normalise(artist) + "|" + normalise(title);
        return at.toEpochMilli() + "|" + track + "|" + ms.asLong();
    }

    static String normalise(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return decomposed.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String firstText(JsonNode r, String... fields) {
        for (String f : fields) {
            String v = text(r, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- uploads

    static RequestSpecification as(String user) {
        return given().header("Authorization", bearer(user));
    }

    /** Uploads the files as parts named "file" and returns the import id (asserting 202 + Location). */
    static String upload(String user, List<Path> files) {
        RequestSpecification request = as(user);
        for (Path f : files) {
            request = request.multiPart("file", f.toFile(), "application/octet-stream");
        }
        var response = request.when().post("/api/v1/imports").then().statusCode(202).extract();
        String importId = response.path("importId");
        org.junit.jupiter.api.Assertions.assertEquals("QUEUED", response.path("status"));
        org.junit.jupiter.api.Assertions.assertTrue(response.header("Location").endsWith("/api/v1/imports/" + importId),
                "Location " + response.header("Location"));
        return importId;
    }

    static String uploadBytes(String user, String name, byte[] content) {
        return as(user).multiPart("file", name, content, "application/octet-stream")
                .when().post("/api/v1/imports")
                .then().statusCode(202).extract().path("importId");
    }

    /** Polls the import until it ends and returns its final JSON. */
    static Map<String, Object> awaitEnd(String user, String importId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = as(user).when().get("/api/v1/imports/" + importId)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            String status = (String) job.get("status");
            if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                return job;
            }
            sleep(200);
        }
        fail("Import " + importId + " did not end within " + timeout);
        return Map.of();
    }

    static Map<String, Object> awaitCompleted(String user, String importId) {
        Map<String, Object> job = awaitEnd(user, importId, Duration.ofMinutes(3));
        if (!"COMPLETED".equals(job.get("status"))) {
            fail("Import " + importId + " ended " + job.get("status") + ": " + job.get("failure"));
        }
        return job;
    }

    static long number(Map<String, Object> job, String field) {
        return ((Number) job.get(field)).longValue();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- archives and synthetic files

    /** A ZIP built in memory; each consumer call adds entries. */
    static byte[] zip(Consumer<ZipOutputStream> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entries.accept(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void entry(ZipOutputStream zip, String name, byte[] content) {
        try {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static File tempFile(String name, byte[] content) {
        try {
            Path dir = Files.createTempDirectory("ingestion-test");
            Path file = dir.resolve(name);
            Files.write(file, content);
            file.toFile().deleteOnExit();
            return file.toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One extended record as JSON text. */
    static String extended(String ts, long ms, String uri, String artist, String track) {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("ts", ts);
        r.put("platform", "android");
        r.put("ms_played", ms);
        r.put("conn_country", "SE");
        r.put("ip_addr", "0.0.0.0");
        r.put("master_metadata_track_name", track);
        r.put("master_metadata_album_artist_name", artist);
        r.put("master_metadata_album_album_name", track == null ? null : track + " (album)");
        r.put("spotify_track_uri", uri);
        r.put("episode_name", null);
        r.put("episode_show_name", null);
        r.put("spotify_episode_uri", null);
        r.put("reason_start", "clickrow");
        r.put("reason_end", "trackdone");
        r.put("shuffle", false);
        r.put("skipped", false);
        r.put("offline", false);
        r.put("incognito_mode", false);
        try {
            return JSON.writeValueAsString(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String basic(String endTime, String artist, String track, long ms) {
        return "{\"endTime\":\"" + endTime + "\",\"artistName\":\"" + artist + "\",\"trackName\":\"" + track
                + "\",\"msPlayed\":" + ms + "}";
    }

    static byte[] list(String... records) {
        return ("[\n" + String.join(",\n", records) + "\n]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
