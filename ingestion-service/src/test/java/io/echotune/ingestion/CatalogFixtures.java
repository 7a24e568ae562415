package io.echotune.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.echotune.commons.music.TrackNames;
import io.restassured.specification.RequestSpecification;
import org.bson.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test fixtures of the catalog and enrichment: an operator's and a listener's internal tokens, loading the shared
 * catalog through the admin endpoint when it was never loaded, waiting for a load or an import's enrichment, and
 * what the shared catalog and exports hold, computed here independently with plain Jackson CSV/JSON over the files.
 */
public final class CatalogFixtures {

    static final String OPERATOR = "operator-test";
    static final Pattern TRACK_ID = Pattern.compile("[0-9A-Za-z]{22}");
    static final List<String> TRACK_FILES = List.of("spotify_tracks_114k_subset_union.csv",
            "spotify_tracks_114k_test_split_avirup88.csv", "tidytuesday_spotify_songs.csv");
    static final List<String> ARTIST_FILES = List.of("artists_data_w_genres.csv", "artists_genres_only.csv");

    private static Set<String> catalogIds;
    private static Set<String> catalogNameKeys;

    private CatalogFixtures() {
    }

    /** A caller whose internal token carries the admin scope, as the gateway issues it for the operator credential. */
    static RequestSpecification asOperator() {
        return given().header("Authorization", "Bearer " + forUser(OPERATOR, Set.of("admin")));
    }

    /** A signed-in listener with every user scope but not admin. */
    static RequestSpecification asListener(String user) {
        return given().header("Authorization", "Bearer " + forUser(user, Set.of("read", "write", "account")));
    }

    static Path catalogDirectory() {
        return ImportFixtures.history().getParent().resolve("catalog");
    }

    /**
     * Loads the shared catalog through the endpoint unless it is in the store already (it takes about a minute).
     * "Some load completed" is not enough: an upload test's one-track catalog also bumps the version.
     */
    static synchronized void ensureCatalogLoaded() {
        Map<String, Object> catalog = asOperator().when().get("/api/v1/admin/catalog")
                .then().statusCode(200).extract().jsonPath().getMap("");
        if (catalog.get("runningLoadId") != null) {
            awaitLoad((String) catalog.get("runningLoadId"));
            catalog = asOperator().when().get("/api/v1/admin/catalog").then().extract().jsonPath().getMap("");
        }
        if (((Number) catalog.get("version")).longValue() > 0 && sharedCatalogStored()) {
            return;
        }
        String loadId = asOperator().when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(202).extract().path("loadId");
        Map<String, Object> load = awaitLoad(loadId);
        if (!"COMPLETED".equals(load.get("status"))) {
            fail("The catalog load failed: " + load.get("failure"));
        }
    }

    /** Whether every 500th id of the shared catalog (in a fixed order) is in {@code tracks}. */
    private static boolean sharedCatalogStored() {
        List<String> ids = catalogIds().stream().sorted().toList();
        List<String> probes = IntStream.range(0, ids.size()).filter(i -> i % 500 == 0)
                .mapToObj(ids::get).toList();
        try (MongoClient client = mongo()) {
            long found = 0;
            for (Document ignored : echotune(client).getCollection("tracks").find(Filters.in("_id", probes))
                    .projection(new Document("_id", 1))) {
                found++;
            }
            return found == probes.size();
        }
    }

    /** Polls a catalog load until it ends; returns its final JSON. */
    static Map<String, Object> awaitLoad(String loadId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> load = asOperator().when().get("/api/v1/admin/catalog/loads/" + loadId)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            if (!"RUNNING".equals(load.get("status"))) {
                return load;
            }
            ImportFixtures.sleep(500);
        }
        fail("Catalog load " + loadId + " did not end");
        return Map.of();
    }

    /** Polls an import until it completed and none of its tracks waits for enrichment; returns its final JSON. */
    static Map<String, Object> awaitEnriched(String user, String importId) {
        Map<String, Object> job = ImportFixtures.awaitCompleted(user, importId);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            job = ImportFixtures.as(user).when().get("/api/v1/imports/" + importId)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            if (enrichment(job, "pending") == 0) {
                return job;
            }
            ImportFixtures.sleep(200);
        }
        fail("The tracks of import " + importId + " were not all enriched: " + job.get("enrichment"));
        return job;
    }

    static long enrichment(Map<String, Object> job, String field) {
        @SuppressWarnings("unchecked")
        Map<String, Object> enrichment = (Map<String, Object>) job.get("enrichment");
        return ((Number) enrichment.get(field)).longValue();
    }

    // ---- the shared catalog, read independently

    /** Every distinct Spotify track id of the three track files. */
    static synchronized Set<String> catalogIds() {
        if (catalogIds == null) {
            Set<String> ids = new HashSet<>();
            for (String file : TRACK_FILES) {
                for (Map<String, String> row : csvRows(catalogDirectory().resolve(file))) {
                    String id = row.get("track_id").strip();
                    if (TRACK_ID.matcher(id).matches()) {
                        ids.add(id);
                    }
                }
            }
            catalogIds = ids;
        }
        return catalogIds;
    }

    /** The name key of every (credited artist, title) of every track row (";"-separated artists in the 114k file). */
    static synchronized Set<String> catalogNameKeys() {
        if (catalogNameKeys == null) {
            Set<String> keys = new HashSet<>();
            for (String file : TRACK_FILES) {
                for (Map<String, String> row : csvRows(catalogDirectory().resolve(file))) {
                    String title = blankToNull(row.get("track_name"));
                    String artists = blankToNull(row.containsKey("artists") ? row.get("artists") : row.get("track_artist"));
                    if (title == null || artists == null || !TRACK_ID.matcher(row.get("track_id").strip()).matches()) {
                        continue;
                    }
                    for (String artist : artists.split(";")) {
                        if (!artist.isBlank()) {
                            keys.add(TrackNames.nameKey(artist.strip(), title.strip()));
                        }
                    }
                }
            }
            catalogNameKeys = keys;
        }
        return catalogNameKeys;
    }

    /** Distinct normalised artist names of the two artist tables. */
    static Set<String> catalogArtists() {
        Set<String> artists = new HashSet<>();
        for (String file : ARTIST_FILES) {
            for (Map<String, String> row : csvRows(catalogDirectory().resolve(file))) {
                String name = blankToNull(row.get("artists"));
                if (name != null) {
                    artists.add(TrackNames.normalise(name.strip()));
                }
            }
        }
        return artists;
    }

    static long csvRowCount(Path file) {
        return csvRows(file).size();
    }

    static List<Map<String, String>> csvRows(Path file) {
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    // ---- exports, read independently

    /**
     * The unique music tracks of an upload of these export files: track key (URI, else the name key) -> {artist,
     * title} of its first accepted record. Video files and podcast/audiobook records are not music; records the
     * import rejects (no end time, bad ms_played, neither URI nor both names) are left out.
     */
    static Map<String, String[]> uniqueMusicTracks(List<Path> files) {
        Map<String, String[]> tracks = new LinkedHashMap<>();
        long latest = System.currentTimeMillis() + ImportFixtures.DAY_MS;
        for (Path file : files) {
            if (file.getFileName().toString().startsWith("Streaming_History_Video")) {
                continue;
            }
            for (JsonNode r : ImportFixtures.readJson(file)) {
                boolean basic = r.has("endTime");
                String end = text(r, basic ? "endTime" : "ts");
                JsonNode ms = r.get(basic ? "msPlayed" : "ms_played");
                if (end == null || ms == null || !ms.canConvertToLong() || ms.asLong() < 0
                        || ms.asLong() > ImportFixtures.DAY_MS) {
                    continue;
                }
                Instant at = basic ? Instant.parse(end.replace(' ', 'T') + ":00Z") : Instant.parse(end);
                if (at.toEpochMilli() > latest || (!basic && (text(r, "spotify_episode_uri") != null
                        || text(r, "episode_name") != null || text(r, "episode_show_name") != null
                        || text(r, "audiobook_uri") != null || text(r, "audiobook_chapter_uri") != null
                        || text(r, "audiobook_title") != null || text(r, "audiobook_chapter_title") != null))) {
                    continue;
                }
                String uri = basic ? null : text(r, "spotify_track_uri");
                String artist = text(r, basic ? "artistName" : "master_metadata_album_artist_name");
                String title = text(r, basic ? "trackName" : "master_metadata_track_name");
                if (uri == null && (artist == null || title == null)) {
                    continue;
                }
                String key = uri != null ? uri : TrackNames.nameKey(artist, title);
                tracks.putIfAbsent(key, new String[] {artist, title});
            }
        }
        return tracks;
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    // ---- the stores, for checks

    public static MongoClient mongo() {
        return MongoClients.create(System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017"));
    }

    public static MongoDatabase echotune(MongoClient client) {
        return client.getDatabase("echotune");
    }
}
