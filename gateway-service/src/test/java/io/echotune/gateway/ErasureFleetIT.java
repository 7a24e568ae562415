package io.echotune.gateway;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Account erasure through the running fleet (issue 19): two users with data in every store (a real extended export
 * imported, chat turns, a playlist with a share and a schedule, feedback, insights computed, preferences, a second
 * token); one is erased. Once the erasure is COMPLETED, every PostgreSQL table, every MongoDB collection and every
 * Redis key (with its value) is searched for the erased user's id, display name, credentials' hashes and the ids of
 * their records: nothing is left. The other user's data is untouched and still works.
 */
class ErasureFleetIT {

    /** A track of the shared catalog the local stack loads: playlists accept only ids the catalog knows. */
    private static final String TRACK = "5SuOikwiRyPMVoIQDJUgSV";
    private static final List<String> PARTICIPANTS = List.of("gateway", "chat", "llm-router", "recommender", "playlist",
            "ingestion", "insights");

    private static URI gateway;

    /** What one user put into the fleet, and how to find it again. */
    record Footprint(String userId, String displayName, String token, String sessionCookie, String importId,
                     long recordsStored, int musicRecords, String chatSession, String playlistId, String shareCode,
                     Set<String> needles) {
    }

    @BeforeAll
    static void fleet() {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        gateway = URI.create(url);
        RestAssured.baseURI = url;
        RestAssured.port = gateway.getPort();
    }

    @Test
    void anErasedUserLeavesNothingInAnyStoreAndTheOtherUserKeepsEverything() throws Exception {
        awaitRecommender();
        Footprint erased = createDefaultFootprint("extended/efrrowini");
        Footprint kept = createDefaultFootprint("basic/anferben");
        awaitDerivedData(erased);
        awaitDerivedData(kept);
        assertFalse(StoreSearch.everywhere(List.of(erased.userId())).isEmpty(), "the search finds a user that exists");

        String erasureId = as(erased.token()).when().delete("/api/v1/me")
                .then().statusCode(202)
                .body("status", equalTo("RUNNING"))
                .extract().path("erasureId");
        as(erased.token()).when().get("/api/v1/me").then().statusCode(401);
        given().cookie("echotune_session", erased.sessionCookie()).when().get("/api/v1/me").then().statusCode(401);

        Map<String, Object> status = awaitCompleted(erasureId);
        @SuppressWarnings("unchecked")
        Map<String, String> services = (Map<String, String>) status.get("services");
        assertEquals(Set.copyOf(PARTICIPANTS), services.keySet());
        services.forEach((service, state) -> assertEquals("DONE", state, service));

        List<String> left = StoreSearch.everywhere(erased.needles());
        assertTrue(left.isEmpty(), "the erased user's data is still stored:\n" + String.join("\n", left));
        Path staging = stagingDirectory();
        if (staging != null) {
            assertFalse(Files.exists(staging.resolve(erased.importId())), "staged uploads of the erased user");
        }

        assertStillComplete(kept);
        List<String> keptData = StoreSearch.everywhere(List.of(kept.userId()));
        assertTrue(keptData.stream().anyMatch(s -> s.startsWith("postgres gateway.users")), "the other account");
        assertTrue(keptData.stream().anyMatch(s -> s.startsWith("mongo echotune.listening_history")), "the other history");
    }

    private static Footprint createDefaultFootprint(String export) throws Exception {
        String displayName = "Erasure fleet " + UUID.randomUUID();
        var signUp = given().contentType(ContentType.JSON).body(Map.of("displayName", displayName))
                .when().post("/api/v1/auth/local").then().statusCode(201).extract();
        String userId = signUp.path("userId");
        String token = signUp.path("token");
        String sessionCookie = signUp.cookie("echotune_session");
        Set<String> needles = new LinkedHashSet<>(List.of(userId, displayName, sha256(token), sha256(sessionCookie)));

        String second = as(token).contentType(ContentType.JSON).body(Map.of("name", "phone", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        needles.add(sha256(second));
        needles.addAll(as(token).when().get("/api/v1/me/tokens").then().statusCode(200).extract().jsonPath().getList("tokenId"));
        as(token).contentType(ContentType.JSON).body(Map.of("novelty", "discover", "timeZone", "Europe/Oslo"))
                .when().put("/api/v1/me/preferences").then().statusCode(200);

        RequestSpecification upload = as(token);
        for (Path file : historyFiles(export)) {
            upload = upload.multiPart("file", file.toFile(), "application/json");
        }
        String importId = upload.when().post("/api/v1/imports").then().statusCode(202).extract().path("importId");
        Map<String, Object> imported = awaitImport(token, importId);
        assertEquals("COMPLETED", imported.get("status"));
        long stored = ((Number) imported.get("recordsStored")).longValue();
        assertTrue(stored > 0);
        needles.add(importId);

        String chatSession = as(token).contentType(ContentType.JSON).body(Map.of("title", "Erasure fleet chat"))
                .when().post("/api/v1/chat/sessions").then().statusCode(201).extract().path("sessionId");
        for (String text : List.of("10 upbeat songs for running", "more acoustic please")) {
            as(token).contentType(ContentType.JSON).body(Map.of("text", text))
                    .when().post("/api/v1/chat/sessions/" + chatSession + "/messages").then().statusCode(200);
        }
        needles.add(chatSession);
        needles.addAll(as(token).when().get("/api/v1/chat/sessions/" + chatSession + "/messages")
                .then().statusCode(200).extract().jsonPath().getList("messageId"));
        as(token).contentType(ContentType.JSON).body(Map.of("text", "calm folk for the evening"))
                .when().post("/api/v1/llm/interpret").then().statusCode(200);

        String playlistId = as(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Erasure fleet playlist", "trackIds", List.of(TRACK)))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
        String shareCode = as(token).when().post("/api/v1/playlists/" + playlistId + "/share")
                .then().statusCode(200).extract().path("code");
        as(token).contentType(ContentType.JSON).body(Map.of("every", "weekly"))
                .when().put("/api/v1/playlists/" + playlistId + "/schedule").then().statusCode(200);
        needles.addAll(List.of(playlistId, shareCode));

        as(token).contentType(ContentType.JSON).body(Map.of("trackId", TRACK, "signal", "like"))
                .when().post("/api/v1/recommendations/feedback").then().statusCode(202);
        int musicRecords = as(token).when().get("/api/v1/insights/summary").then().statusCode(200)
                .extract().path("records");   // music only: podcasts and videos are stored, not counted
        as(token).when().get("/api/v1/insights/top-artists").then().statusCode(200);

        try (MongoClient mongo = MongoClients.create(System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017"))) {
            for (Document play : mongo.getDatabase("echotune").getCollection("listening_history")
                    .find(Filters.eq("userId", userId)).limit(25)) {
                needles.add(play.getString("_id"));
                if (play.getString("playKey") != null) {
                    needles.add(play.getString("playKey"));
                }
            }
            for (Document feedback : mongo.getDatabase("echotune").getCollection("recommendation_feedback")
                    .find(Filters.eq("userId", userId))) {
                needles.add(feedback.getString("_id"));
            }
        }
        return new Footprint(userId, displayName, token, sessionCookie, importId, stored, musicRecords, chatSession,
                playlistId, shareCode, Set.copyOf(needles));
    }

    /** The taste profile and the insights snapshot exist: the import's events have been consumed by everyone. */
    private static void awaitDerivedData(Footprint user) {
        try (MongoClient mongo = MongoClients.create(System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017"))) {
            var echotune = mongo.getDatabase("echotune");
            await("the taste profile of " + user.userId(), () -> {
                Document profile = echotune.getCollection("taste_profiles").find(Filters.eq("_id", user.userId())).first();
                return profile != null && profile.get("historyRecords") instanceof Number n && n.longValue() == user.recordsStored();
            });
            await("the insights snapshot of " + user.userId(), () ->
                    echotune.getCollection("insights_snapshots").countDocuments(Filters.eq("_id", user.userId())) > 0);
        }
    }

    private static void assertStillComplete(Footprint user) {
        as(user.token()).when().get("/api/v1/me").then().statusCode(200).body("displayName", equalTo(user.displayName()));
        as(user.token()).when().get("/api/v1/imports/" + user.importId()).then().statusCode(200)
                .body("recordsStored", equalTo((int) user.recordsStored()));
        as(user.token()).when().get("/api/v1/insights/summary").then().statusCode(200)
                .body("records", equalTo(user.musicRecords()));
        as(user.token()).when().get("/api/v1/chat/sessions/" + user.chatSession() + "/messages").then().statusCode(200)
                .body("size()", equalTo(4));
        as(user.token()).when().get("/api/v1/playlists/" + user.playlistId()).then().statusCode(200)
                .body("schedule.every", equalTo("weekly"));
        given().when().get("/api/v1/shared/" + user.shareCode()).then().statusCode(200);
        as(user.token()).when().get("/api/v1/me/preferences").then().statusCode(200).body("novelty", equalTo("discover"));
    }

    private static Map<String, Object> awaitCompleted(String erasureId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Map<String, Object> status = Map.of();
        while (System.nanoTime() < deadline) {
            status = given().when().get("/api/v1/me/erasure/" + erasureId).then().statusCode(200)
                    .extract().jsonPath().getMap("");
            if ("COMPLETED".equals(status.get("status"))) {
                return status;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("erasure " + erasureId + " not COMPLETED within 180 s: " + status);
    }

    static Map<String, Object> awaitImport(String token, String importId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = as(token).when().get("/api/v1/imports/" + importId)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            if (!List.of("QUEUED", "RUNNING").contains(job.get("status"))) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("import " + importId + " did not finish within 240 s");
    }

    /** The recommender answers 503 until the catalog loaded after the stack's first start. */
    static void awaitRecommender() throws InterruptedException {
        String probe = given().contentType(ContentType.JSON).body(Map.of("displayName", "Probe"))
                .when().post("/api/v1/auth/local").then().statusCode(201).extract().path("token");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            int status = as(probe).contentType(ContentType.JSON).body(Map.of("count", 1))
                    .when().post("/api/v1/recommendations").then().extract().statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the recommender did not answer within 240 s (catalog not loaded?)");
    }

    static List<Path> historyFiles(String export) {
        Path dir = Path.of(System.getenv("ECHOTUNE_SHARED_DATA"), "history", export);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("Streaming")
                    && p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path stagingDirectory() {
        String data = System.getenv("ECHOTUNE_DATA_DIR");
        return data == null || data.isBlank() ? null : Path.of(data, "ingestion", "staging");
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
