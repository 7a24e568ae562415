package io.echotune.insights;

import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.catalogTrack;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm answer is the cached JSON sent as it is: the same bytes and content type as the cold answer that stored it,
 * for history-only and catalog-dependent endpoints alike.
 */
@QuarkusTest
class WarmInsightsResourceTest extends StoredDataTest {

    private static final String INSIGHTS = "/api/v1/insights/";
    /** Every kind of answer: objects and lists, history-only and catalog-dependent, with and without parameters. */
    private static final List<String> ENDPOINTS = List.of(
            "summary",
            "summary?from=2024-05-01&to=2024-06-01&tz=Asia/Kathmandu",
            "top-artists?by=streams&limit=3",
            "top-tracks",
            "top-genres",
            "heatmap?tz=Europe/Berlin",
            "discovery",
            "mood",
            "sessions?limit=5",
            "forgotten-favorites",
            "year/2024?tz=America/St_Johns");

    @Test
    void aWarmAnswerIsTheColdAnswerByteForByte() {
        String user = newUser();
        insertHistory(user);
        List<ExtractableResponse<Response>> cold = ENDPOINTS.stream().map(path -> get(user, path)).toList();
        assertTrue(new String(cold.get(0).asByteArray(), StandardCharsets.UTF_8).contains("\"records\":4"),
                "the cold summary counts the history");

        // Whatever a recomputation would now find, the warm answers can only come from the cache.
        history().deleteMany(Filters.eq("userId", user));
        snapshots.erase(user).await().atMost(Duration.ofSeconds(10));

        for (int i = 0; i < ENDPOINTS.size(); i++) {
            ExtractableResponse<Response> warm = get(user, ENDPOINTS.get(i));
            assertArrayEquals(cold.get(i).asByteArray(), warm.asByteArray(), ENDPOINTS.get(i));
            assertEquals(cold.get(i).contentType(), warm.contentType(), ENDPOINTS.get(i));
        }
    }

    @Test
    void aCachedAnswerIsNeverAnotherUsersAnswer() {
        String listener = newUser();
        String other = newUser();
        insertHistory(listener);
        history().insertOne(musicPlay(other, "2024-05-03T10:00:00Z", "spotify:track:" + randomTrackId(), "Solo",
                "Someone", 45_000, "trackdone"));

        assertEquals(4, get(listener, "summary").<Integer>path("records"));
        assertEquals(1, get(other, "summary").<Integer>path("records"));
        assertEquals("Someone", get(other, "top-artists").path("[0].artist"));
        assertEquals(4, get(listener, "summary").<Integer>path("records"));
    }

    private ExtractableResponse<Response> get(String user, String path) {
        return given().header("Authorization", bearer(user))
                .when().get(INSIGHTS + path)
                .then().statusCode(200).contentType("application/json")
                .extract();
    }

    /** Four plays in May 2024, one of a catalog track with genres and features, one keyed by name only. */
    private void insertHistory(String user) {
        String known = randomTrackId();
        catalogIds.add(known);
        catalog().insertOne(catalogTrack(known, "Known", List.of("ambient"), 0.3, 0.7));
        history().insertMany(List.of(
                musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + known, "Known", "Artist A", 200_000, "trackdone"),
                musicPlay(user, "2024-05-01T10:04:00Z", "spotify:track:" + randomTrackId(), "Other", "Artist B", 10_000, "fwdbtn"),
                musicPlay(user, "2024-05-02T22:00:00Z", "spotify:track:" + known, "Known", "Artist A", 90_000, "trackdone"),
                musicPlay(user, "2024-05-20T08:00:00Z", null, "Plain", "Artist C", 40_000, null)));
    }

}
