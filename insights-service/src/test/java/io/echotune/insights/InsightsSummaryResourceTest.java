package io.echotune.insights;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.echotune.insights.service.ListeningSnapshotService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class InsightsSummaryResourceTest {

    private static final String SUMMARY = "/api/v1/insights/summary";
    private static final String T1 = "spotify:track:4uLU6hMCjMI75M1A2tKUQC";
    private static final String T2 = "spotify:track:7GhIk7Il098yCjg4BQjzvb";
    private static final String T3 = "spotify:track:3n3Ppam7vgaVa1iaRUc9Lp";
    private static final String T4 = "spotify:track:0VjIjW4GlUZAMYd2vXMi3b";
    private static final String T5 = "spotify:track:1rqqCSm0Qe4I9rUvWncaom";

    @Inject
    MongoClient mongo;

    @Inject
    ListeningSnapshotService snapshots;

    private final List<String> users = new ArrayList<>();

    private String newUser() {
        String user = "user-" + UUID.randomUUID();
        users.add(user);
        return user;
    }

    @AfterEach
    void removeTestHistory() {
        users.forEach(user -> {
            history().deleteMany(Filters.eq("userId", user));
            snapshots.erase(user).await().atMost(Duration.ofSeconds(10));
        });
    }

    /**
     * User A's history around 1-2 August 2024 (Europe/Berlin is UTC+2 then, so those two local days are
     * 2024-07-31T22:00Z up to 2024-08-02T22:00Z). Inside that window, music only:
     * <pre>
     *  playedAt (UTC)        track  artist        msPlayed  reasonEnd  skipped  stream  skip
     *  07-31T22:30:00        T1     Artist One      200000  trackdone  false    yes     -
     *  08-01T10:15:00        T2     Artist Two       45000  endplay    true     yes     by flag
     *  08-01T11:00:00        T1     Artist One       12000  fwdbtn     null     -       by fwdbtn
     *  08-01T15:00:00        name:artist three|...   20000  null (basic)        -       short basic
     *  08-02T08:00:00        name:artist two|...    180000  null (basic)        yes     -
     *  08-02T09:00:00        T2     Artist Two       30000  trackdone  false    yes     -
     *  08-02T21:59:59        T3     Artist One        5000  backbtn    false    -       - (has a reason)
     * </pre>
     * = 7 records, 4 streams, 492000 ms, 5 tracks, 3 artists, 3 skips (3/7 = 0.4286). Left out: a podcast in the
     * window, a play one second before it and one exactly at its exclusive end.
     */
    private void insertHistoryOfUserA(String user) {
        history().insertMany(List.of(
                play(user, "2024-07-31T22:30:00Z", "music", T1, "Artist One", 200_000, "trackdone", false, "EXTENDED"),
                play(user, "2024-08-01T10:15:00Z", "music", T2, "Artist Two", 45_000, "endplay", true, "EXTENDED"),
                play(user, "2024-08-01T11:00:00Z", "music", T1, "Artist One", 12_000, "fwdbtn", null, "EXTENDED"),
                play(user, "2024-08-01T15:00:00Z", "music", "name:artist three|song three", "Artist Three", 20_000, null, null, "BASIC"),
                play(user, "2024-08-02T08:00:00Z", "music", "name:artist two|long song", "Artist Two", 180_000, null, null, "BASIC"),
                play(user, "2024-08-02T09:00:00Z", "music", T2, "Artist Two", 30_000, "trackdone", false, "EXTENDED"),
                play(user, "2024-08-02T21:59:59Z", "music", T3, "Artist One", 5_000, "backbtn", false, "EXTENDED"),
                play(user, "2024-08-01T18:00:00Z", "podcast", null, "Some Show", 600_000, "fwdbtn", true, "EXTENDED"),
                play(user, "2024-07-31T21:59:59Z", "music", T4, "Artist Four", 100_000, "trackdone", false, "EXTENDED"),
                play(user, "2024-08-02T22:00:00Z", "music", T5, "Artist Five", 100_000, "trackdone", false, "EXTENDED")));
    }

    @Test
    void summaryCountsOnlyTheCallersMusicInsideTheLocalDays() {
        String userA = newUser();
        insertHistoryOfUserA(userA);

        asUser(userA)
                .queryParam("from", "2024-08-01").queryParam("to", "2024-08-03").queryParam("tz", "Europe/Berlin")
                .when().get(SUMMARY)
                .then().statusCode(200)
                .body("records", equalTo(7))
                .body("streams", equalTo(4))
                .body("msPlayed", equalTo(492_000))
                .body("uniqueTracks", equalTo(5))
                .body("uniqueArtists", equalTo(3))
                .body("skipRate", equalTo(0.4286))
                .body("firstPlayedAt", equalTo("2024-07-31T22:30:00Z"))
                .body("lastPlayedAt", equalTo("2024-08-02T21:59:59Z"));
    }

    @Test
    void dateTimeBoundsSelectAnExactRange() {
        String userA = newUser();
        insertHistoryOfUserA(userA);

        asUser(userA)
                .queryParam("from", "2024-08-01T10:00:00Z").queryParam("to", "2024-08-01T11:00:00Z")
                .when().get(SUMMARY)
                .then().statusCode(200)
                .body("records", equalTo(1))
                .body("streams", equalTo(1))
                .body("msPlayed", equalTo(45_000))
                .body("uniqueTracks", equalTo(1))
                .body("uniqueArtists", equalTo(1))
                .body("skipRate", equalTo(1.0))
                .body("firstPlayedAt", equalTo("2024-08-01T10:15:00Z"))
                .body("lastPlayedAt", equalTo("2024-08-01T10:15:00Z"));
    }

    @Test
    void withoutBoundsTheWholeMusicHistoryCounts() {
        String userA = newUser();
        insertHistoryOfUserA(userA);

        // The 7 records above plus the two just outside the window: 9 records, 6 streams, 3 skips (3/9).
        asUser(userA)
                .when().get(SUMMARY)
                .then().statusCode(200)
                .body("records", equalTo(9))
                .body("streams", equalTo(6))
                .body("msPlayed", equalTo(692_000))
                .body("uniqueTracks", equalTo(7))
                .body("uniqueArtists", equalTo(5))
                .body("skipRate", equalTo(0.3333))
                .body("firstPlayedAt", equalTo("2024-07-31T21:59:59Z"))
                .body("lastPlayedAt", equalTo("2024-08-02T22:00:00Z"));
    }

    @Test
    void anotherUserSeesZerosAndNulls() {
        insertHistoryOfUserA(newUser());
        String userB = newUser();

        asUser(userB)
                .queryParam("from", "2024-08-01").queryParam("to", "2024-08-03").queryParam("tz", "Europe/Berlin")
                .when().get(SUMMARY)
                .then().statusCode(200)
                .body("records", equalTo(0))
                .body("streams", equalTo(0))
                .body("msPlayed", equalTo(0))
                .body("uniqueTracks", equalTo(0))
                .body("uniqueArtists", equalTo(0))
                .body("skipRate", equalTo(0.0))
                .body("$", hasKey("firstPlayedAt"))
                .body("firstPlayedAt", nullValue())
                .body("$", hasKey("lastPlayedAt"))
                .body("lastPlayedAt", nullValue());
    }

    @Test
    void unknownTimeZoneIsRejectedWithTheParameterNamed() {
        asUser(newUser())
                .queryParam("tz", "Mars/Olympus_Mons")
                .when().get(SUMMARY)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:validation"))
                .body("errors[0].field", equalTo("tz"));
    }

    @Test
    void malformedFromIsRejectedWithTheParameterNamed() {
        asUser(newUser())
                .queryParam("from", "1st of August")
                .when().get(SUMMARY)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
    }

    @Test
    void rangeEndingBeforeItStartsIsRejected() {
        asUser(newUser())
                .queryParam("from", "2024-08-03").queryParam("to", "2024-08-01")
                .when().get(SUMMARY)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("to"));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().when().get(SUMMARY).then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").when().get(SUMMARY).then().statusCode(401);
    }

    @Test
    void readinessReflectsMongoDb() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    private static RequestSpecification asUser(String user) {
        // Doubles, so that skipRate compares exactly with the 4-decimal values above.
        return given().header("Authorization", bearer(user))
                .config(RestAssured.config().jsonConfig(JsonConfig.jsonConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)));
    }

    private MongoCollection<Document> history() {
        return mongo.getDatabase("echotune").getCollection("listening_history");
    }

    /** A listening record in the shape ingestion-service stores. */
    private static Document play(String user, String playedAt, String contentType, String trackKey, String artist,
                                 long msPlayed, String reasonEnd, Boolean skipped, String source) {
        Instant end = Instant.parse(playedAt);
        boolean hasUri = trackKey != null && trackKey.startsWith("spotify:track:");
        String key = trackKey != null ? trackKey : "spotify:episode:" + UUID.randomUUID();
        return new Document("_id", sha256(user + "|" + playedAt + "|" + key + "|" + msPlayed))
                .append("userId", user)
                .append("playedAt", Date.from(end))
                .append("startedAt", Date.from(end.minusMillis(msPlayed)))
                .append("msPlayed", msPlayed)
                .append("contentType", contentType)
                .append("trackUri", hasUri ? trackKey : null)
                .append("trackKey", key)
                .append("trackName", "Track " + key.hashCode())
                .append("artistName", artist)
                .append("albumName", "Album of " + artist)
                .append("reasonStart", reasonEnd == null ? null : "clickrow")
                .append("reasonEnd", reasonEnd)
                .append("skipped", skipped)
                .append("shuffle", "BASIC".equals(source) ? null : false)
                .append("offline", "BASIC".equals(source) ? null : false)
                .append("platform", "BASIC".equals(source) ? null : "linux")
                .append("country", "BASIC".equals(source) ? null : "DE")
                .append("source", source)
                .append("importId", "import-test");
    }

    private static String sha256(String identity) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
