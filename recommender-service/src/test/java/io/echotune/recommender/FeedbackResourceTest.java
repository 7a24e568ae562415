package io.echotune.recommender;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.TestWaits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
class FeedbackResourceTest {

    private static final String FEEDBACK = "/api/v1/recommendations/feedback";
    private static final String TRACK = "4uLU6hMCjMI75M1A2tKUQC";
    private static final String REQUEST_ID = "rec-2f6c1b7e";

    @Inject
    MongoClient mongo;

    private final List<String> users = new ArrayList<>();

    private String newUser() {
        String user = "user-" + UUID.randomUUID();
        users.add(user);
        return user;
    }

    @AfterEach
    void removeTestFeedback() {
        users.forEach(user -> feedback().deleteMany(Filters.eq("userId", user)));
    }

    @Test
    void acceptedFeedbackIsStoredForTheCaller() {
        String user = newUser();
        Instant before = Instant.now().minusSeconds(1);

        String feedbackId = given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("trackId", "spotify:track:" + TRACK, "signal", "like", "requestId", REQUEST_ID))
                .when().post(FEEDBACK)
                .then().statusCode(202)
                .body("feedbackId", notNullValue())
                .body("trackId", equalTo(TRACK))
                .body("signal", equalTo("like"))
                .body("requestId", equalTo(REQUEST_ID))
                .body("receivedAt", notNullValue())
                .extract().path("feedbackId");
        String receivedAt = given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("trackId", TRACK, "signal", "save"))
                .when().post(FEEDBACK)
                .then().statusCode(202)
                .body("requestId", nullValue())
                .extract().path("receivedAt");

        Document stored = feedback().find(Filters.eq("_id", feedbackId)).first();
        assertNotNull(stored, "feedback " + feedbackId + " is stored");
        assertEquals(user, stored.getString("userId"));
        assertEquals(TRACK, stored.getString("trackId"));
        assertEquals("like", stored.getString("signal"));
        assertEquals(REQUEST_ID, stored.getString("requestId"));
        assertEquals(true, stored.getDate("receivedAt").toInstant().isAfter(before));

        List<Document> ofUser = feedback().find(Filters.eq("userId", user)).into(new ArrayList<>());
        assertEquals(2, ofUser.size());
        Document saved = ofUser.stream().filter(d -> "save".equals(d.getString("signal"))).findFirst().orElseThrow();
        assertNull(saved.getString("requestId"));
        assertEquals(Date.from(Instant.parse(receivedAt)), saved.getDate("receivedAt"));
    }

    @Test
    void feedbackOfOneUserIsNotStoredForAnother() {
        String author = newUser();
        String stranger = newUser();

        given().header("Authorization", bearer(author)).contentType(ContentType.JSON)
                .body(Map.of("trackId", TRACK, "signal", "dislike"))
                .when().post(FEEDBACK)
                .then().statusCode(202);

        assertEquals(1, feedback().countDocuments(Filters.eq("userId", author)));
        assertEquals(0, feedback().countDocuments(Filters.eq("userId", stranger)));
    }

    @Test
    void unknownSignalIsRejectedWithTheFieldNamed() {
        String user = newUser();
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("trackId", TRACK, "signal", "love"))
                .when().post(FEEDBACK)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:validation"))
                .body("errors[0].field", equalTo("signal"));

        assertEquals(0, feedback().countDocuments(Filters.eq("userId", user)));
    }

    @Test
    void missingSignalIsRejectedWithTheFieldNamed() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("trackId", TRACK))
                .when().post(FEEDBACK)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("signal"));
    }

    @Test
    void invalidTrackIdIsRejectedWithTheFieldNamed() {
        for (String trackId : List.of("not a track", "spotify:album:" + TRACK, TRACK.substring(1))) {
            given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                    .body(Map.of("trackId", trackId, "signal", "skip"))
                    .when().post(FEEDBACK)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("trackId"));
        }
        Map<String, Object> withoutTrack = new HashMap<>();
        withoutTrack.put("signal", "skip");
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(withoutTrack)
                .when().post(FEEDBACK)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("trackId"));
    }

    @Test
    void overlongRequestIdIsRejectedWithTheFieldNamed() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("trackId", TRACK, "signal", "like", "requestId", "r".repeat(129)))
                .when().post(FEEDBACK)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("requestId"));
    }

    @Test
    void malformedJsonIsAProblemNotAStackTrace() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body("{\"trackId\": ")
                .when().post(FEEDBACK)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:malformed-body"));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().contentType(ContentType.JSON).body(Map.of("trackId", TRACK, "signal", "like"))
                .when().post(FEEDBACK).then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").contentType(ContentType.JSON)
                .body(Map.of("trackId", TRACK, "signal", "like"))
                .when().post(FEEDBACK).then().statusCode(401);
    }

    @Test
    void readinessReflectsMongoDbKafkaAndTheLoadedModel() {
        TestWaits.untilTrue("the model is loaded", () -> given().when().get("/q/health/ready").statusCode() == 200);
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'recommendation-model' }.data.tracks", equalTo(64149));
    }

    private MongoCollection<Document> feedback() {
        return mongo.getDatabase("echotune").getCollection("recommendation_feedback");
    }
}
