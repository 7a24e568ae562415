package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.basic;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway's Spotify sync hands plays to POST /internal/v1/history/spotify-recent: they are stored with the record
 * identity of imports, so syncing them again, or importing the export that holds the same plays later, stores nothing
 * new (the export's record replaces the sync's estimate). docs/privacy.md "Spotify sync" names the limits.
 */
@QuarkusTest
class SpotifySyncedPlaysTest {

    private static final String PATH = "/internal/v1/history/spotify-recent";
    private static final String FIRST = "spotify:track:4uLU6hMCjMI75M1A2tKUQC";
    private static final String SECOND = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";
    private static final String THIRD = "spotify:track:2QWGkc7Tnz6672asv4BtLi";

    @AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    /** The gateway's sync calls with the user's internal token, write scope. */
    private static io.restassured.specification.RequestSpecification asGateway(String user) {
        return given().header("Authorization", "Bearer " + forUser(user, Set.of("write")));
    }

    private static Map<String, Object> play(String endTime, long msPlayed, String uri, String artist, String track) {
        return Map.of("endTime", endTime, "msPlayed", msPlayed, "trackUri", uri, "trackName", track,
                "artistName", artist, "albumName", track + " (album)");
    }

    private static List<Map<String, Object>> syncedPlays() {
        return List.of(
                play("2024-08-02T11:56:55Z", 213_573, FIRST, "Rick Astley", "Never Gonna Give You Up"),
                play("2024-08-02T12:00:41Z", 226_000, SECOND, "MitiS", "Moments"),
                play("2024-08-02T12:04:12Z", 187_000, THIRD, "MitiS", "Open Sea"));
    }

    @Test
    void playsSyncedTwiceAndThenImportedFromTheExportAreStoredOnce() {
        String user = newUser();
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", syncedPlays()))
                .when().post(PATH).then().statusCode(200)
                .body("received", equalTo(3)).body("stored", equalTo(3)).body("duplicates", equalTo(0));
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", syncedPlays()))
                .when().post(PATH).then().statusCode(200)
                .body("stored", equalTo(0)).body("duplicates", equalTo(3));

        // The export of the same plays: the first two end in the same second, the third one 2 s later (same minute,
        // same msPlayed), which the play key recognises as the same play.
        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                extended("2024-08-02T11:56:55Z", 213_573, FIRST, "Rick Astley", "Never Gonna Give You Up"),
                extended("2024-08-02T12:00:41Z", 226_000, SECOND, "MitiS", "Moments"),
                extended("2024-08-02T12:04:14Z", 187_000, THIRD, "MitiS", "Open Sea"))));
        assertEquals(3, number(job, "recordsRead"));
        assertEquals(0, number(job, "recordsStored"), "the export stores nothing the sync stored: " + job);
        assertEquals(3, number(job, "duplicates"));

        // the export's richer record replaced the sync's estimate of the third play
        as(user).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.playedAt", containsInAnyOrder("2024-08-02T11:56:55Z", "2024-08-02T12:00:41Z",
                        "2024-08-02T12:04:14Z"))
                .body("items[0].reasonEnd", equalTo("trackdone"));

        // and a later sync of the same plays still stores nothing
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", syncedPlays()))
                .when().post(PATH).then().statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(3));
        as(user).when().get("/api/v1/history").then().statusCode(200).body("items", hasSize(3));
    }

    @Test
    void theExportsRecordOfAPartialOrReStampedPlayReplacesTheSyncedOne() {
        // Recently played does not say how much was played and stamps its own second: the export's record of the same
        // play has another ms_played, or an end time across a minute boundary, so another identity and play key.
        String user = newUser();
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", List.of(
                        play("2024-08-03T09:00:00Z", 200_000, FIRST, "Rick Astley", "Never"),
                        play("2024-08-03T09:10:59Z", 226_000, SECOND, "MitiS", "Moments"))))
                .when().post(PATH).then().statusCode(200).body("stored", equalTo(2));
        String partial = extended("2024-08-03T09:00:03Z", 45_000, FIRST, "Rick Astley", "Never")
                .replace("\"trackdone\"", "\"fwdbtn\"");
        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                partial,
                extended("2024-08-03T09:11:02Z", 226_000, SECOND, "MitiS", "Moments"),
                // the same track again 3 minutes later: another play
                extended("2024-08-03T09:03:40Z", 200_000, FIRST, "Rick Astley", "Never"))));
        assertEquals(3, number(job, "recordsRead"));
        assertEquals(1, number(job, "recordsStored"), "only the later play is new: " + job);
        assertEquals(2, number(job, "duplicates"));
        as(user).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.playedAt", containsInAnyOrder("2024-08-03T09:00:03Z", "2024-08-03T09:11:02Z",
                        "2024-08-03T09:03:40Z"))
                .body("items.find { it.playedAt == '2024-08-03T09:00:03Z' }.msPlayed", equalTo(45_000))
                .body("items.find { it.playedAt == '2024-08-03T09:00:03Z' }.reasonEnd", equalTo("fwdbtn"));

        // importing the export again stores nothing, and so does syncing the same plays again
        Map<String, Object> again = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                partial, extended("2024-08-03T09:11:02Z", 226_000, SECOND, "MitiS", "Moments"),
                extended("2024-08-03T09:03:40Z", 200_000, FIRST, "Rick Astley", "Never"))));
        assertEquals(0, number(again, "recordsStored"), "a re-import stores nothing: " + again);
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", List.of(
                        play("2024-08-03T09:00:00Z", 200_000, FIRST, "Rick Astley", "Never"),
                        play("2024-08-03T09:10:59Z", 226_000, SECOND, "MitiS", "Moments"))))
                .when().post(PATH).then().statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(2));
        as(user).when().get("/api/v1/history").then().statusCode(200).body("items", hasSize(3));
    }

    @Test
    void playsImportedFirstAreNotStoredAgainBySyncingThem() {
        // The export was asked for before the sync began and overlaps its first run.
        String user = newUser();
        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                extended("2024-08-04T20:00:02Z", 61_000, FIRST, "Rick Astley", "Never"),
                extended("2024-08-04T20:04:58Z", 225_412, SECOND, "MitiS", "Moments"))));
        assertEquals(2, number(job, "recordsStored"));
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", List.of(
                        play("2024-08-04T20:00:00Z", 213_573, FIRST, "Rick Astley", "Never"),
                        play("2024-08-04T20:05:01Z", 226_000, SECOND, "MitiS", "Moments"),
                        play("2024-08-04T20:09:12Z", 187_000, THIRD, "MitiS", "Open Sea"))))
                .when().post(PATH).then().statusCode(200)
                .body("received", equalTo(3)).body("stored", equalTo(1)).body("duplicates", equalTo(2));
        as(user).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(3))
                // the export's records stayed (with their reasons); the new play is the sync's (no reasons)
                .body("items.playedAt", containsInAnyOrder("2024-08-04T20:00:02Z", "2024-08-04T20:04:58Z",
                        "2024-08-04T20:09:12Z"))
                .body("items.reasonEnd", containsInAnyOrder("trackdone", "trackdone", null));
    }

    @Test
    void aBasicExportsPlayOfASyncedPlayIsADuplicate() {
        // A basic export has minutes and names: a synced play ending in that minute, or just after it, is the play.
        String user = newUser();
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", List.of(
                        play("2024-08-05T07:30:41Z", 200_000, FIRST, "Rick Astley", "Never Gonna Give You Up"))))
                .when().post(PATH).then().statusCode(200).body("stored", equalTo(1));
        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "StreamingHistory_music_0.json", list(
                basic("2024-08-05 07:30", "Rick Astley", "Never Gonna Give You Up", 150_000),
                basic("2024-08-05 07:35", "Rick Astley", "Never Gonna Give You Up", 200_000))));
        assertEquals(1, number(job, "recordsStored"), "the 07:30 play is the synced one: " + job);
        assertEquals(1, number(job, "duplicates"));
        as(user).when().get("/api/v1/history").then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void invalidPlaysAreRejectedNamingThemAndNothingIsStored() {
        String user = newUser();
        List<Map<String, Object>> plays = new ArrayList<>(syncedPlays());
        plays.add(Map.of("endTime", "yesterday", "msPlayed", 1000, "trackUri", FIRST));
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", plays))
                .when().post(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("plays[3]"))
                .body("detail", containsString("endTime 'yesterday' is not a valid time"));
        asGateway(user).contentType(ContentType.JSON)
                .body(Map.of("plays", List.of(Map.of("endTime", "2024-08-03T09:00:00Z", "trackUri", FIRST))))
                .when().post(PATH).then().statusCode(400).body("detail", containsString("missing msPlayed"));
        asGateway(user).contentType(ContentType.JSON)
                .body(Map.of("plays", List.of(Map.of("endTime", "2024-08-03T09:00:00Z", "msPlayed", -5, "trackUri", FIRST))))
                .when().post(PATH).then().statusCode(400).body("detail", containsString("negative"));
        asGateway(user).contentType(ContentType.JSON)
                .body(Map.of("plays", List.of(Map.of("endTime", "2024-08-03T09:00:00Z", "msPlayed", 1000))))
                .when().post(PATH).then().statusCode(400).body("detail", containsString("neither a URI"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(play("2024-08-03T09:00:00Z", i, FIRST, "A", "B"));
        }
        asGateway(user).contentType(ContentType.JSON).body(Map.of("plays", tooMany))
                .when().post(PATH).then().statusCode(400).body("errors[0].field", equalTo("plays"));
        asGateway(user).contentType(ContentType.JSON).body("{\"plays\": \"not a list\"}")
                .when().post(PATH).then().statusCode(400);
        as(user).when().get("/api/v1/history").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void onlyTheUsersWriteTokenMayHandOverPlays() {
        String user = newUser();
        given().contentType(ContentType.JSON).body(Map.of("plays", syncedPlays()))
                .when().post(PATH).then().statusCode(401);
        given().header("Authorization", "Bearer " + forUser(user, Set.of("read")))
                .contentType(ContentType.JSON).body(Map.of("plays", syncedPlays()))
                .when().post(PATH).then().statusCode(403);
    }
}
