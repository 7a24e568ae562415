package io.echotune.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echotune.gateway.rate-limit.requests-per-user-per-minute", "12");
        }
    }

    @Test
    void aUserOverTheLimitGets429WithRetryAfter() {
        RateWindows.awaitMinuteWithRoom(Duration.ofSeconds(20));
        Users.SignedUp user = Users.createDefaultUser();
        for (int i = 0; i < 12; i++) {
            given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(200);
        }
        given().header("Authorization", user.bearer()).when().get("/api/v1/me")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:rate-limited"))
                .header("Retry-After", notNullValue());
        // Another user is not affected by the first one's limit.
        given().header("Authorization", Users.createDefaultUser().bearer()).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void anLlmCallCostsTenTimesACheapRead() {
        RateWindows.awaitMinuteWithRoom(Duration.ofSeconds(20));
        Users.SignedUp user = Users.createDefaultUser();
        // 10 of the 12 units: the service behind is not running here, which does not matter to the gateway's count.
        given().header("Authorization", user.bearer()).contentType("application/json").body("{\"text\":\"hi\"}")
                .when().post("/api/v1/llm/interpret").then().statusCode(org.hamcrest.Matchers.not(429));
        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(429);
        given().header("Authorization", Users.createDefaultUser().bearer()).contentType("application/json")
                .body("{\"text\":\"hi\"}").when().post("/api/v1/chat/sessions/" + java.util.UUID.randomUUID() + "/messages")
                .then().statusCode(org.hamcrest.Matchers.not(429));
    }
}
