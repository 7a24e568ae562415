package io.echotune.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.echotune.commons.music.TrackNames;
import io.echotune.commons.testing.ErasureRequests;
import io.echotune.commons.testing.InternalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static io.echotune.ingestion.ImportFixtures.upload;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ingestion's part of an erasure, through the real Kafka, PostgreSQL and MongoDB: {@code user.deleted} erases the
 * user's import jobs and their tracks, history and tallies, withdraws their name claims (a name they helped promote
 * leaves the shared names once the quorum is gone), drops enrichment conclusions only they caused, leaves other users'
 * data as it was, is reported, and a redelivered event changes nothing more. And the export: the history in Spotify's
 * extended format, which imports again into another account with the same number of records stored.
 */
@QuarkusTest
class UserDataErasureTest {

    private static final Duration REPORTED = Duration.ofSeconds(90);
    private static final String URI_PREFIX = "spotify:track:";

    @Inject
    Pool database;

    @Test
    void userDeletedErasesImportsHistoryAndTheCatalogTracesOnlyTheyCausedAndNothingOfOthers() {
        String artist = "Erasure Test " + UUID.randomUUID();
        String title = "Claimed By Three";
        String nameKey = TrackNames.nameKey(artist, title);
        String trackId = randomTrackId();
        String ownArtist = "Only Mine " + UUID.randomUUID();
        String ownKey = "name:" + TrackNames.normalise(ownArtist) + "|" + TrackNames.normalise("Nobody Else Has It");

        String erased = newUser();
        List<String> others = List.of(newUser(), newUser());
        String erasedImport = uploadBytes(erased, "Streaming_History_Audio_2024.json", list(
                extended("2024-03-02T10:15:42Z", 200_000, URI_PREFIX + trackId, artist, title),
                extended("2024-03-02T11:15:42Z", 180_000, URI_PREFIX + randomTrackId(), "Somebody", "Something"),
                basicAsExtended(ownArtist)));
        awaitCompleted(erased, erasedImport);
        List<String> otherImports = new ArrayList<>();
        for (String other : others) {
            String id = uploadBytes(other, "Streaming_History_Audio_2024.json", list(
                    extended("2024-03-03T10:15:42Z", 200_000, URI_PREFIX + trackId, artist, title)));
            awaitCompleted(other, id);
            otherImports.add(id);
        }
        await("the name is claimed by three users and promoted", () -> trackName(nameKey) != null);
        await("the user's own track was looked at by enrichment", () -> resolution(ownKey) != null);
        assertEquals(3, count("listening_history", Filters.eq("userId", erased)));

        UUID erasureId = ErasureRequests.requestErasure(erased);
        ErasureRequests.awaitReport(erasureId, "ingestion", REPORTED);

        assertEquals(0, rows("SELECT count(*) FROM ingestion.import_jobs WHERE user_id = $1", erased));
        assertEquals(0, rows("SELECT count(*) FROM ingestion.import_tracks WHERE import_id = $1", UUID.fromString(erasedImport)));
        assertEquals(0, count("listening_history", Filters.eq("userId", erased)));
        assertEquals(0, count("listening_import_tallies", Filters.eq("importId", erasedImport)));
        assertEquals(0, count("track_name_claims", Filters.eq("userId", erased)));
        assertNull(trackName(nameKey), "two users are no quorum: the name no longer resolves on the erased user's word");
        assertNull(resolution(ownKey), "what enrichment concluded about a track only they imported is gone");
        for (int i = 0; i < others.size(); i++) {
            assertUntouched(others.get(i), otherImports.get(i));
        }
        assertNotNull(resolution(URI_PREFIX + trackId), "a track others imported too keeps its conclusion");

        ErasureRequests.resend(erasureId, erased);
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (ErasureRequests.reports(erasureId, "ingestion", Duration.ofSeconds(2)) < 2) {
            assertTrue(System.nanoTime() < deadline, "the redelivered user.deleted was never reported");
        }
        for (int i = 0; i < others.size(); i++) {
            assertUntouched(others.get(i), otherImports.get(i));
        }
    }

    @Test
    void theExportedHistoryIsSpotifysExtendedFormatAndImportsAgainWithTheSameRecordCount() {
        String owner = newUser();
        List<java.nio.file.Path> files = streamingFiles("extended", "efrrowini");
        Map<String, Object> imported = awaitCompleted(owner, upload(owner, files));
        long stored = number(imported, "recordsStored");
        assertTrue(stored > 0);
        String token = "Bearer " + InternalTokens.forUser(owner, Set.of("account"));

        byte[] audio = given().header("Authorization", token).when().get("/internal/v1/export/Streaming_History_Audio_0.json")
                .then().statusCode(200).extract().asByteArray();
        byte[] video = given().header("Authorization", token).when().get("/internal/v1/export/Streaming_History_Video_0.json")
                .then().statusCode(200).extract().asByteArray();
        JsonNode audioRecords = tree(audio);
        JsonNode videoRecords = tree(video);
        assertEquals(stored, audioRecords.size() + videoRecords.size());
        JsonNode first = audioRecords.get(0);
        for (String field : List.of("ts", "platform", "ms_played", "conn_country", "master_metadata_track_name",
                "master_metadata_album_artist_name", "master_metadata_album_album_name", "spotify_track_uri",
                "episode_name", "episode_show_name", "spotify_episode_uri", "reason_start", "reason_end", "shuffle",
                "skipped", "offline")) {
            assertTrue(first.has(field), "field " + field + " in " + first);
        }
        given().header("Authorization", token).when().get("/internal/v1/export/imports.json")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(1));
        given().header("Authorization", "Bearer " + InternalTokens.forUser(owner, Set.of("read")))
                .when().get("/internal/v1/export/Streaming_History_Audio_0.json").then().statusCode(403);

        String fresh = newUser();
        var request = given().header("Authorization", "Bearer " + InternalTokens.forUser(fresh))
                .multiPart("file", "Streaming_History_Audio_0.json", audio, "application/json");
        if (videoRecords.size() > 0) {
            request = request.multiPart("file", "Streaming_History_Video_0.json", video, "application/json");
        }
        String again = request.when().post("/api/v1/imports").then().statusCode(202).extract().path("importId");
        Map<String, Object> reimported = awaitCompleted(fresh, again);
        assertEquals(stored, number(reimported, "recordsStored"), "every exported record is stored again: " + reimported);
        assertEquals(0, number(reimported, "rejected"));
    }

    private static String basicAsExtended(String artist) {
        // a record without a URI: its track key is its names, as for a basic export
        return extended("2024-03-02T12:15:42Z", 150_000, null, artist, "Nobody Else Has It");
    }

    private void assertUntouched(String user, String importId) {
        assertEquals(1, rows("SELECT count(*) FROM ingestion.import_jobs WHERE user_id = $1", user));
        assertEquals(1, rows("SELECT count(*) FROM ingestion.import_tracks WHERE import_id = $1", UUID.fromString(importId)));
        assertEquals(1, count("listening_history", Filters.eq("userId", user)));
        assertEquals(1, count("track_name_claims", Filters.eq("userId", user)));
    }

    private static String randomTrackId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static Document trackName(String key) {
        try (MongoClient client = CatalogFixtures.mongo()) {
            return CatalogFixtures.echotune(client).getCollection("track_names").find(Filters.eq("_id", key)).first();
        }
    }

    private static Document resolution(String key) {
        try (MongoClient client = CatalogFixtures.mongo()) {
            return CatalogFixtures.echotune(client).getCollection("track_resolutions").find(Filters.eq("_id", key)).first();
        }
    }

    private static long count(String collection, org.bson.conversions.Bson filter) {
        try (MongoClient client = CatalogFixtures.mongo()) {
            MongoDatabase db = CatalogFixtures.echotune(client);
            return db.getCollection(collection).countDocuments(filter);
        }
    }

    private long rows(String sql, Object parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never happened: " + what);
            }
            ImportFixtures.sleep(250);
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return ImportFixtures.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
