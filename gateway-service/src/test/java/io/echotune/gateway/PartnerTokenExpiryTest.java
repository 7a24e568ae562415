package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A partner access token ends with its lifetime ({@code expires_in}); the client then asks for a new one. */
@QuarkusTest
@TestProfile(PartnerTokenExpiryTest.ShortLivedTokens.class)
@WithTestResource(PartnerBackends.class)
class PartnerTokenExpiryTest {

    public static class ShortLivedTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echotune.gateway.partners.token-ttl", "PT2S");
        }
    }

    @Test
    void aTokenIsRefusedOnceItsLifetimeHasPassed() throws InterruptedException {
        Partners.Client client = Partners.registerDefaultClient();
        int expiresIn = given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", client.clientId())
                .formParam("client_secret", client.clientSecret())
                .when().post("/oauth/token").then().statusCode(200).body("expires_in", equalTo(2))
                .extract().path("expires_in");
        String token = Partners.token(client);
        Instant issued = Instant.now();

        // Redis expires the key with the token's lifetime: poll until it has, within a generous bound
        int status = 0;
        while (Instant.now().isBefore(issued.plus(Duration.ofSeconds(expiresIn + 20)))) {
            status = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"text\":\"x\"}")
                    .when().post("/api/v1/llm/interpret").then().extract().statusCode();
            if (status == 401) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(401, status, "the expired token is refused");
        // the client's credentials still work: a new token is issued
        given().header("Authorization", "Bearer " + Partners.token(client)).contentType(ContentType.JSON).body("{\"text\":\"x\"}")
                .when().post("/api/v1/llm/interpret").then().statusCode(200);
    }
}
