package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.basic;
import static io.echotune.ingestion.ImportFixtures.expected;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static io.echotune.ingestion.ImportFixtures.upload;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency (re-imports, overlapping exports, basic vs extended) and user isolation. */
@QuarkusTest
class DedupeAndIsolationTest {

    /** Right after each test: these imports are large, and the shared MongoDB stand-in has a small heap. */
    @org.junit.jupiter.api.AfterEach
    void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    private static final String URI = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";
    private static final byte[] EXTENDED_PLAY = list(extended("2024-03-01T10:15:42Z", 200_000, URI, "Beyoncé", "Halo"));
    private static final byte[] BASIC_SAME_PLAY = list(basic("2024-03-01 10:15", "BEYONCE", "halo", 200_000));

    @Test
    void reimportingTheSameFilesStoresNothingNew() {
        List<Path> files = streamingFiles("extended", "efrrowini");
        ImportFixtures.Expected expected = expected(files);
        String user = newUser();
        awaitCompleted(user, upload(user, files));

        Map<String, Object> again = awaitCompleted(user, upload(user, files));
        assertEquals(expected.read(), number(again, "recordsRead"));
        assertEquals(0, number(again, "recordsStored"));
        assertEquals(expected.read() - expected.rejected(), number(again, "duplicates"));

        as(user).when().get("/api/v1/imports").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].importId", equalTo(again.get("importId")));
    }

    @Test
    void overlappingExportsMergeWithoutStoringAnythingTwice() {
        List<Path> files = streamingFiles("extended", "efrrowini");
        String user = newUser();
        // first an export of 2022-2023, then one of 2023-2026: the 2023 file overlaps
        Map<String, Object> first = awaitCompleted(user, upload(user, files.subList(0, 2)));
        Map<String, Object> second = awaitCompleted(user, upload(user, files.subList(1, files.size())));
        ImportFixtures.Expected all = expected(files);
        assertEquals(all.stored(), number(first, "recordsStored") + number(second, "recordsStored"));
        assertEquals(expected(files.subList(1, 2)).read(), number(second, "duplicates"));
    }

    @Test
    void aBasicRecordOfAPlayAlreadyImportedInExtendedFormCountsOnce() {
        String user = newUser();
        Map<String, Object> ext = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", EXTENDED_PLAY));
        assertEquals(1, number(ext, "recordsStored"));
        Map<String, Object> bas = awaitCompleted(user, uploadBytes(user, "StreamingHistory_music_0.json", BASIC_SAME_PLAY));
        assertEquals(1, number(bas, "recordsRead"));
        assertEquals(0, number(bas, "recordsStored"));
        assertEquals(1, number(bas, "duplicates"));
        as(user).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].trackUri", equalTo(URI))
                .body("items[0].playedAt", equalTo("2024-03-01T10:15:42Z"));
    }

    @Test
    void anExtendedRecordOfAPlayAlreadyImportedInBasicFormCountsOnceAndReplacesIt() {
        String user = newUser();
        Map<String, Object> bas = awaitCompleted(user, uploadBytes(user, "StreamingHistory0.json", BASIC_SAME_PLAY));
        assertEquals(1, number(bas, "recordsStored"));
        Map<String, Object> ext = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", EXTENDED_PLAY));
        assertEquals(0, number(ext, "recordsStored"));
        assertEquals(1, number(ext, "duplicates"));
        // the richer extended record now holds the play
        as(user).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].trackUri", equalTo(URI))
                .body("items[0].reasonEnd", equalTo("trackdone"));
        // and importing either again changes nothing
        assertEquals(0, number(awaitCompleted(user, uploadBytes(user, "StreamingHistory0.json", BASIC_SAME_PLAY)), "recordsStored"));
        assertEquals(0, number(awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", EXTENDED_PLAY)), "recordsStored"));
        as(user).when().get("/api/v1/history").then().body("items", hasSize(1));
    }

    @Test
    void aBasicAndAnExtendedRecordOfTheSamePlayInOneUploadCountOnce() {
        String user = newUser();
        String importId = given().header("Authorization", io.echotune.commons.testing.InternalTokens.bearer(user))
                .multiPart("file", "StreamingHistory0.json", BASIC_SAME_PLAY, "application/json")
                .multiPart("file", "endsong_0.json", EXTENDED_PLAY, "application/json")
                .when().post("/api/v1/imports").then().statusCode(202).extract().path("importId");
        Map<String, Object> job = awaitCompleted(user, importId);
        assertEquals(2, number(job, "recordsRead"));
        assertEquals(1, number(job, "recordsStored"));
        assertEquals(1, number(job, "duplicates"));
    }

    @Test
    void twoPlaysOfOneTrackInTheSameMinuteAreTwoPlays() {
        String user = newUser();
        byte[] twoSkips = list(extended("2024-03-01T10:15:05Z", 0, URI, "Beyoncé", "Halo"),
                extended("2024-03-01T10:15:40Z", 0, URI, "Beyoncé", "Halo"),
                extended("2024-03-01T10:15:40Z", 0, URI, "Beyoncé", "Halo"));
        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", twoSkips));
        assertEquals(3, number(job, "recordsRead"));
        assertEquals(2, number(job, "recordsStored"));
        assertEquals(1, number(job, "duplicates"));
    }

    @Test
    void anotherUserSeesNothingOfAnImport() {
        String owner = newUser();
        String importId = uploadBytes(owner, "Streaming_History_Audio_2024.json", EXTENDED_PLAY);
        awaitCompleted(owner, importId);
        String stranger = newUser();

        as(stranger).when().get("/api/v1/imports/" + importId).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:not-found"));
        as(stranger).when().get("/api/v1/imports/" + importId + "/events").then().statusCode(404);
        as(stranger).when().get("/api/v1/imports").then().statusCode(200).body("", hasSize(0));
        as(stranger).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void anUnknownImportIsNotFoundAlsoAsAStream() {
        String user = newUser();
        String unknown = java.util.UUID.randomUUID().toString();
        as(user).when().get("/api/v1/imports/" + unknown).then().statusCode(404);
        as(user).accept("text/event-stream").when().get("/api/v1/imports/" + unknown + "/events").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void progressStreamEndsWithTheCompletedImport() {
        String user = newUser();
        String importId = upload(user, streamingFiles("basic", "bjayesh47"));
        String stream = as(user).accept("text/event-stream")
                .when().get("/api/v1/imports/" + importId + "/events")
                .then().statusCode(200).extract().asString();
        String[] events = stream.lines().filter(l -> l.startsWith("data:")).toArray(String[]::new);
        assertTrue(events.length >= 1, stream);
        assertTrue(events[events.length - 1].contains("\"status\":\"COMPLETED\""), events[events.length - 1]);
        assertTrue(events[events.length - 1].contains("\"recordsRead\":6942"), events[events.length - 1]);
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().when().get("/api/v1/imports").then().statusCode(401);
        given().when().get("/api/v1/history").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").when().get("/api/v1/imports").then().statusCode(401);
    }
}
