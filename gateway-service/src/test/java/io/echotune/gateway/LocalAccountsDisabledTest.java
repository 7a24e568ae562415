package io.echotune.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;

@QuarkusTest
@TestProfile(LocalAccountsDisabledTest.Disabled.class)
class LocalAccountsDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echotune.gateway.local-accounts-enabled", "false");
        }
    }

    @Test
    void localSignUpAnswers404WhenDisabled() {
        given().contentType(ContentType.JSON).body(Map.of("displayName", "Ada"))
                .when().post("/api/v1/auth/local")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
