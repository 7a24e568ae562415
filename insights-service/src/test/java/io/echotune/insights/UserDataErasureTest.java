package io.echotune.insights;

import com.mongodb.client.model.Filters;
import io.echotune.commons.testing.ErasureRequests;
import io.echotune.commons.testing.InternalTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.echotune.insights.InsightsEvents.partitionOf;
import static io.echotune.insights.InsightsEvents.send;
import static io.echotune.insights.InsightsEvents.userEvent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The insights part of an erasure, through the real Kafka, MongoDB and Redis: {@code user.deleted} erases the user's
 * snapshots and every Redis key of theirs (figures and generation), not another user's, is reported once erased, and
 * a redelivered event changes nothing more. And the export of the all-time figures.
 */
@QuarkusTest
class UserDataErasureTest extends StoredDataTest {

    private static final Duration REPORTED = Duration.ofSeconds(60);

    private static final String IMPORT_EVENTS = "echotune.import-events";

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void userDeletedErasesSnapshotsAndEveryRedisKeyOfTheUserOnlyAndIsReportedEvenWhenRedelivered() {
        String erased = newUser();
        String kept = newUser();
        for (String user : List.of(erased, kept)) {
            history().insertOne(musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + randomTrackId(), "Track",
                    "Artist", 60_000, "trackdone"));
            summary(user);
            given().header("Authorization", bearer(user)).when().get("/api/v1/insights/top-artists")
                    .then().statusCode(200);
        }
        assertTrue(keysOf(erased).size() >= 2, "figures cached: " + keysOf(erased));
        assertEquals(1, snapshots().countDocuments(Filters.eq("_id", erased)));

        history().deleteMany(Filters.eq("userId", erased));   // ingestion's part
        UUID erasureId = ErasureRequests.requestErasure(erased);
        ErasureRequests.awaitReport(erasureId, "insights", REPORTED);

        assertEquals(List.of(), keysOf(erased));
        assertEquals(0, snapshots().countDocuments(Filters.eq("_id", erased)));
        assertEquals(0, chunks().countDocuments(Filters.regex("_id", "^" + erased)));
        assertUntouched(kept);

        ErasureRequests.resend(erasureId, erased);
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (ErasureRequests.reports(erasureId, "insights", Duration.ofSeconds(2)) < 2) {
            assertTrue(System.nanoTime() < deadline, "the redelivered user.deleted was never reported");
        }
        assertEquals(List.of(), keysOf(erased));
        assertUntouched(kept);
    }

    /**
     * An {@code import.completed} can reach insights after the {@code user.deleted} of the same user (another topic).
     * Handling it must not create the snapshot head, a snapshot or the Redis generation counter again.
     */
    @Test
    void anImportCompletedArrivingAfterTheErasureLeavesNothingOfTheUser() {
        String erased = newUser();
        history().insertOne(musicPlay(erased, "2024-05-01T10:00:00Z", "spotify:track:" + randomTrackId(), "Track",
                "Artist", 60_000, "trackdone"));
        summary(erased);
        history().deleteMany(Filters.eq("userId", erased));   // ingestion's part
        UUID erasureId = ErasureRequests.requestErasure(erased);
        ErasureRequests.awaitReport(erasureId, "insights", REPORTED);
        assertEquals(List.of(), keysOf(erased));

        // A user on the same partition, handled after the late event: once theirs is done, so is the late one.
        String marker = newUser();
        while (partitionOf(bootstrap, IMPORT_EVENTS, marker) != partitionOf(bootstrap, IMPORT_EVENTS, erased)) {
            marker = newUser();
        }
        history().insertOne(musicPlay(marker, "2024-05-01T10:00:00Z", "spotify:track:" + randomTrackId(), "Track",
                "Artist", 60_000, "trackdone"));
        summary(marker);
        String builtBefore = snapshots().find(Filters.eq("_id", marker)).first().getString("builtStamp");
        send(bootstrap, IMPORT_EVENTS, erased, userEvent("import.completed", erased));
        send(bootstrap, IMPORT_EVENTS, marker, userEvent("import.completed", marker));
        String markerId = marker;
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (!rebuiltSince(markerId, builtBefore)) {
            assertTrue(System.nanoTime() < deadline, "the marker's import.completed was never handled");
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }

        assertEquals(List.of(), keysOf(erased), "no generation counter recreated");
        assertEquals(0, snapshots().countDocuments(Filters.eq("_id", erased)), "no snapshot head recreated");
        assertEquals(0, chunks().countDocuments(Filters.regex("_id", "^" + erased)), "no snapshot built");
    }

    /** The marker's head was marked stale by its event and rebuilt in the background after it. */
    private boolean rebuiltSince(String user, String builtBefore) {
        org.bson.Document head = snapshots().find(Filters.eq("_id", user)).first();
        String built = head == null ? null : head.getString("builtStamp");
        return built != null && !built.equals(builtBefore) && built.equals(head.getString("stamp"));
    }

    @Test
    void theExportCarriesTheAllTimeFigures() {
        String user = newUser();
        history().insertOne(musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + randomTrackId(), "Track",
                "Artist", 60_000, "trackdone"));
        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("account")))
                .when().get("/internal/v1/export/insights.json")
                .then().statusCode(200)
                .body("summary.records", equalTo(1))
                .body("topArtists[0].artist", equalTo("Artist"))
                .body("heatmap.cells", notNullValue());
        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("read")))
                .when().get("/internal/v1/export/insights.json").then().statusCode(403);
    }

    private void assertUntouched(String user) {
        assertTrue(keysOf(user).size() >= 2, "another user's figures stay cached");
        assertEquals(1, snapshots().countDocuments(Filters.eq("_id", user)));
        assertEquals(1, summary(user));
    }

    private List<String> keysOf(String user) {
        List<String> found = new ArrayList<>();
        redis.key().scan(new KeyScanArgs().match("*" + user + "*").count(1000)).toIterable().forEach(found::add);
        return found;
    }

    private com.mongodb.client.MongoCollection<org.bson.Document> snapshots() {
        return mongo.getDatabase("echotune").getCollection("insights_snapshots");
    }

    private com.mongodb.client.MongoCollection<org.bson.Document> chunks() {
        return mongo.getDatabase("echotune").getCollection("insights_snapshot_chunks");
    }

    private static int summary(String user) {
        return given().header("Authorization", bearer(user)).when().get("/api/v1/insights/summary")
                .then().statusCode(200).extract().path("records");
    }
}
