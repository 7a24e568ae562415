package io.echotune.recommender;

import com.mongodb.client.model.Filters;
import io.echotune.commons.testing.ErasureRequests;
import io.echotune.commons.testing.InternalTokens;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.Stores;
import io.echotune.recommender.support.TestWaits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recommender's part of an erasure, through the real Kafka and MongoDB: {@code user.deleted} erases the taste
 * profile, its version and the feedback of the user only, is reported once erased, and a redelivered event changes
 * nothing more. And the export of the same data.
 */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
class UserDataErasureTest {

    private static final Duration REPORTED = Duration.ofSeconds(60);
    private static final String TRACK = "4uLU6hMCjMI75M1A2tKUQC";

    @Test
    void userDeletedErasesProfileAndFeedbackOfTheUserOnlyAndIsReportedEvenWhenRedelivered() {
        String erased = "user-" + UUID.randomUUID();
        String kept = "user-" + UUID.randomUUID();
        giveFeedback(erased);
        giveFeedback(kept);
        TestWaits.untilTrue("both profiles written", () -> Stores.profiles().countDocuments(Filters.eq("_id", erased)) == 1
                && Stores.profiles().countDocuments(Filters.eq("_id", kept)) == 1);

        UUID erasureId = ErasureRequests.requestErasure(erased);
        ErasureRequests.awaitReport(erasureId, "recommender", REPORTED);

        assertEquals(0, Stores.profiles().countDocuments(Filters.eq("_id", erased)));
        assertEquals(0, Stores.profileVersions().countDocuments(Filters.eq("_id", erased)));
        assertEquals(0, Stores.feedback().countDocuments(Filters.eq("userId", erased)));
        assertUntouched(kept);

        ErasureRequests.resend(erasureId, erased);
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (ErasureRequests.reports(erasureId, "recommender", Duration.ofSeconds(2)) < 2) {
            assertTrue(System.nanoTime() < deadline, "the redelivered user.deleted was never reported");
        }
        assertEquals(0, Stores.profiles().countDocuments(Filters.eq("_id", erased)));
        assertUntouched(kept);
        Stores.removeUser(kept);
    }

    @Test
    void theExportCarriesTheFeedbackAndTheLearntTaste() {
        String user = "user-" + UUID.randomUUID();
        giveFeedback(user);
        String token = "Bearer " + InternalTokens.forUser(user, Set.of("account"));
        given().header("Authorization", token).when().get("/internal/v1/export/feedback.json")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].trackId", equalTo(TRACK))
                .body("[0].signal", equalTo("like"))
                .body("[0].receivedAt", notNullValue());
        given().header("Authorization", token).when().get("/internal/v1/export/taste-profile.json")
                .then().statusCode(200)
                .body("musicPlays", notNullValue())
                .body("topArtists", notNullValue());
        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("read", "write")))
                .when().get("/internal/v1/export/feedback.json").then().statusCode(403);
        Stores.removeUser(user);
    }

    private static void giveFeedback(String user) {
        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("read", "write")))
                .contentType("application/json").body(java.util.Map.of("trackId", TRACK, "signal", "like"))
                .when().post("/api/v1/recommendations/feedback").then().statusCode(202);
    }

    private static void assertUntouched(String user) {
        assertEquals(1, Stores.profiles().countDocuments(Filters.eq("_id", user)));
        assertEquals(1, Stores.feedback().countDocuments(Filters.eq("userId", user)));
    }
}
