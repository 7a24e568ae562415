package io.echotune.insights;

import io.echotune.commons.testing.SwitchableProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #15: with MongoDB down, insights took the driver's 30 s server selection and answered 500. They must answer
 * promptly with a 503 problem and Retry-After, and serve again as soon as MongoDB is back.
 */
@QuarkusTest
@TestProfile(BehindStoreProxies.class)
class MongoOutageResourceTest extends StoredDataTest {

    private static final String INSIGHTS = "/api/v1/insights/";
    private static final List<String> EVERY_ENDPOINT = List.of("summary", "top-artists", "top-tracks", "top-genres",
            "heatmap", "discovery", "mood", "sessions", "forgotten-favorites", "year/2024");
    /** server-selection-timeout (2 s) plus the request's own work, with room for a loaded build machine. */
    private static final Duration PROMPT = Duration.ofMillis(3_500);

    @StoreProxies.Mongo
    SwitchableProxy mongoProxy;

    @AfterEach
    void mongoIsBack() {
        mongoProxy.switchOn();   // before StoredDataTest removes the test's data through it
    }

    @Test
    void everyEndpointAnswersAPrompt503WithRetryAfterWhileMongoIsDownAndServesAgainAfterwards() {
        String user = newUser();
        history().insertOne(musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + randomTrackId(), "T", "A",
                60_000, "trackdone"));
        given().header("Authorization", bearer(user)).get(INSIGHTS + "summary")
                .then().statusCode(200).body("records", equalTo(1));

        mongoProxy.switchOff();
        String uncached = newUser();   // nothing of theirs is in Redis: every figure needs MongoDB
        for (String endpoint : EVERY_ENDPOINT) {
            Instant start = Instant.now();
            Response response = given().header("Authorization", bearer(uncached)).get(INSIGHTS + endpoint);
            Duration took = Duration.between(start, Instant.now());
            response.then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("status", equalTo(503));
            assertTrue(took.compareTo(PROMPT) < 0, endpoint + " took " + took.toMillis() + " ms to answer 503");
        }
        given().get("/q/health/ready").then().statusCode(503);

        mongoProxy.switchOn();
        awaitSummary(user, 200);
        given().header("Authorization", bearer(uncached)).get(INSIGHTS + "top-artists").then().statusCode(200);
    }

    private static void awaitSummary(String user, int status) {
        Instant deadline = Instant.now().plusSeconds(20);
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = given().header("Authorization", bearer(user)).get(INSIGHTS + "summary").statusCode();
            if (seen == status) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("summary still answers " + seen + " after MongoDB came back");
    }
}
