package io.echotune.insights;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.echotune.insights.repository.InsightsCache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.echotune.insights.InsightsEvents.send;
import static io.echotune.insights.InsightsEvents.userEvent;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The stored snapshot behind every figure: built on the first read when missing, rebuilt in the background when an
 * import completes, rebuilt when its chunks are gone, and erased with the user.
 */
@QuarkusTest
class ListeningSnapshotLifecycleTest extends StoredDataTest {

    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(30);

    @Inject
    InsightsCache cache;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theFirstReadBuildsAndStoresTheSnapshot() {
        String user = newUser();
        history().insertMany(List.of(play(user, "2024-05-01T10:00:00Z"), play(user, "2024-05-01T11:00:00Z")));

        assertEquals(2, records(user));
        Document head = heads().find(Filters.eq("_id", user)).first();
        assertNotNull(head);
        assertEquals(head.getString("stamp"), head.getString("builtStamp"));
        assertEquals(2L, ((Number) head.get("records")).longValue());
        assertEquals(((Number) head.get("chunks")).longValue(), chunks().countDocuments(Filters.eq("userId", user)));
    }

    @Test
    void anImportCompletedRebuildsTheSnapshotWithoutWaitingForARead() {
        String user = newUser();
        history().insertOne(play(user, "2024-05-01T10:00:00Z"));
        assertEquals(1, records(user));
        String firstBuild = heads().find(Filters.eq("_id", user)).first().getString("buildId");

        history().insertOne(play(user, "2024-05-02T10:00:00Z"));
        send(bootstrap, "echotune.import-events", user, userEvent("import.completed", user));
        await("the snapshot rebuilt with both records", () -> {
            Document head = heads().find(Filters.eq("_id", user)).first();
            return head != null && head.getString("stamp").equals(head.getString("builtStamp"))
                    && ((Number) head.get("records")).longValue() == 2;
        });
        assertNotEquals(firstBuild, heads().find(Filters.eq("_id", user)).first().getString("buildId"));
        assertEquals(1, chunks().countDocuments(Filters.eq("userId", user)), "the replaced build's chunks are gone");
        assertEquals(2, records(user));
    }

    @Test
    void aSnapshotWhoseChunksAreGoneIsRebuiltOnTheNextRead() {
        String user = newUser();
        history().insertMany(List.of(play(user, "2024-05-01T10:00:00Z"), play(user, "2024-05-01T11:00:00Z")));
        assertEquals(2, records(user));
        String lostBuild = heads().find(Filters.eq("_id", user)).first().getString("buildId");

        chunks().deleteMany(Filters.eq("userId", user));
        cache.invalidate(user).await().atMost(Duration.ofSeconds(5));

        assertEquals(2, records(user));
        Document head = heads().find(Filters.eq("_id", user)).first();
        assertNotEquals(lostBuild, head.getString("buildId"));
        assertEquals(head.getString("stamp"), head.getString("builtStamp"));
    }

    @Test
    void erasingTheUserErasesTheirStoredSnapshotAndNobodyElses() {
        String user = newUser();
        // An id that starts with the erased one: its chunks share a prefix and must survive.
        String neighbour = user + "/x";
        users.add(neighbour);
        history().insertOne(play(user, "2024-05-01T10:00:00Z"));
        history().insertOne(play(neighbour, "2024-05-01T10:00:00Z"));
        assertEquals(1, records(user));
        assertEquals(1, records(neighbour));
        long neighbourChunks = chunks().countDocuments(Filters.eq("userId", neighbour));
        assertTrue(neighbourChunks > 0);

        send(bootstrap, "echotune.user-events", user, userEvent("user.deleted", user));
        await("the erased user's snapshot gone", () -> heads().countDocuments(Filters.eq("_id", user)) == 0
                && chunks().countDocuments(Filters.eq("userId", user)) == 0);
        assertEquals(1, heads().countDocuments(Filters.eq("_id", neighbour)));
        assertEquals(neighbourChunks, chunks().countDocuments(Filters.eq("userId", neighbour)));
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(EVENT_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("still waiting for " + what);
    }

    private int records(String user) {
        return given().header("Authorization", bearer(user))
                .when().get("/api/v1/insights/summary")
                .then().statusCode(200)
                .extract().path("records");
    }

    private static Document play(String user, String playedAt) {
        return musicPlay(user, playedAt, "spotify:track:" + randomTrackId(), "Track", "Artist", 60_000, "trackdone");
    }

    private MongoCollection<Document> heads() {
        return mongo.getDatabase("echotune").getCollection("insights_snapshots");
    }

    private MongoCollection<Document> chunks() {
        return mongo.getDatabase("echotune").getCollection("insights_snapshot_chunks");
    }
}
