package io.echotune.insights;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.test.junit.QuarkusTest;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.catalogTrack;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.echotune.insights.InsightsEvents.send;
import static io.echotune.insights.InsightsEvents.trackFeaturesResolved;
import static io.echotune.insights.InsightsEvents.userEvent;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Insights are served from Redis (and from the user's snapshot) until an event says the user's history changed: a
 * record written behind the service's back stays invisible until {@code import.completed} (or {@code user.deleted})
 * for that user arrives. Catalog-dependent figures follow {@code track.features-resolved}.
 */
@QuarkusTest
class InsightsCacheInvalidationTest extends StoredDataTest {

    private static final String SUMMARY = "/api/v1/insights/summary";
    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void cachedFiguresStayUntilAnImportOfThatUserCompletes() {
        String user = newUser();
        String other = newUser();
        history().insertOne(play(user, "2024-05-01T10:00:00Z"));
        history().insertOne(play(other, "2024-05-01T10:00:00Z"));
        assertEquals(1, records(user));
        assertEquals(1, records(other));

        history().insertOne(play(user, "2024-05-02T10:00:00Z"));
        history().insertOne(play(other, "2024-05-02T10:00:00Z"));
        assertEquals(1, records(user), "the second call is served from the cache");

        send(bootstrap, "echotune.import-events", user, userEvent("import.started", user));   // a type this service ignores
        send(bootstrap, "echotune.import-events", user, userEvent("import.completed", user));
        awaitRecords(user, 2);
        assertEquals(1, records(other), "another user's cache is untouched");
    }

    @Test
    void erasingTheUserDropsTheirCachedFigures() {
        String user = newUser();
        history().insertOne(play(user, "2024-05-01T10:00:00Z"));
        assertEquals(1, records(user));
        history().deleteMany(Filters.eq("userId", user));
        assertEquals(1, records(user));

        send(bootstrap, "echotune.user-events", user, userEvent("user.deleted", user));
        awaitRecords(user, 0);
    }

    @Test
    void aResolvedTrackReachesCachedGenreFiguresButLeavesHistoryFiguresCached() {
        String user = newUser();
        String trackId = randomTrackId();
        catalogIds.add(trackId);
        catalog().insertOne(catalogTrack(trackId, "Drift", List.of("ambient"), 0.3, 0.2));
        history().insertOne(musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + trackId, "Drift", "Artist",
                60_000, "trackdone"));
        assertEquals("ambient", topGenre(user));
        assertEquals("ambient", topGenreOfTheYear(user));
        assertEquals(1, records(user));

        // The enrichment workers resolve the track anew: catalog first, then the event.
        catalog().updateOne(Filters.eq("_id", trackId), Updates.set("genres", List.of("shoegaze")));
        history().insertOne(play(user, "2024-05-02T10:00:00Z"));   // behind the service's back, no import event
        assertEquals("ambient", topGenre(user), "served from the cache until the catalog event arrives");
        assertEquals("ambient", topGenreOfTheYear(user), "served from the cache until the catalog event arrives");

        send(bootstrap, "echotune.track-features", trackId, trackFeaturesResolved(trackId, "shoegaze"));
        Instant deadline = Instant.now().plus(EVENT_DEADLINE);
        while (!"shoegaze".equals(topGenre(user)) && Instant.now().isBefore(deadline)) {
            pause();
        }
        assertEquals("shoegaze", topGenre(user));
        assertEquals("shoegaze", topGenreOfTheYear(user), "every catalog-dependent figure follows the change");
        assertEquals(1, records(user), "history figures are not dropped by a catalog change");
    }

    private String topGenreOfTheYear(String user) {
        return given().header("Authorization", bearer(user))
                .when().get("/api/v1/insights/year/2024")
                .then().statusCode(200)
                .extract().path("topGenre.genre");
    }

    private String topGenre(String user) {
        return given().header("Authorization", bearer(user))
                .when().get("/api/v1/insights/top-genres?limit=1")
                .then().statusCode(200)
                .extract().path("[0].genre");
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitRecords(String user, int expected) {
        Instant deadline = Instant.now().plus(EVENT_DEADLINE);
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = records(user);
            if (seen == expected) {
                return;
            }
            pause();
        }
        fail("expected " + expected + " records after the event, still " + seen);
    }

    private int records(String user) {
        return given().header("Authorization", bearer(user))
                .when().get(SUMMARY)
                .then().statusCode(200)
                .extract().path("records");
    }

    private static Document play(String user, String playedAt) {
        return musicPlay(user, playedAt, "spotify:track:" + randomTrackId(), "Track", "Artist", 60_000, "trackdone");
    }

}
