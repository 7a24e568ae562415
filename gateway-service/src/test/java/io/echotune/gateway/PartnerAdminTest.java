package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** {@code /api/v1/admin/partners}: registration, listing without secrets, deletion; the operator credential only. */
@QuarkusTest
@WithTestResource(PartnerBackends.class)
class PartnerAdminTest {

    private static Response register(Object body) {
        return given().header("Authorization", Partners.OPERATOR).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/admin/partners");
    }

    private static Map<String, Object> validRegistration() {
        return Map.of("name", "Radio app", "scopes", List.of("partner:recommend"), "ratePerMinute", 60, "dailyQuota", 5000);
    }

    @Test
    void theOperatorRegistersAClientAndSeesItsSecretOnlyOnce() {
        Response created = register(validRegistration());
        created.then().statusCode(201)
                .header("Location", containsString("/api/v1/admin/partners/"))
                .header("Cache-Control", "no-store")
                .body("clientId", matchesPattern("[0-9a-f-]{36}"))
                .body("clientSecret", matchesPattern("etcs_[A-Za-z0-9_-]{43}"))
                .body("name", equalTo("Radio app"))
                .body("scopes", equalTo(List.of("partner:recommend")))
                .body("ratePerMinute", equalTo(60))
                .body("dailyQuota", equalTo(5000));
        String clientId = created.path("clientId");

        given().header("Authorization", Partners.OPERATOR).when().get("/api/v1/admin/partners/" + clientId)
                .then().statusCode(200)
                .body("clientId", equalTo(clientId))
                .body("name", equalTo("Radio app"))
                .body("createdAt", notNullValue())
                .body("clientSecret", nullValue());
        String list = given().header("Authorization", Partners.OPERATOR).when().get("/api/v1/admin/partners")
                .then().statusCode(200)
                .body("clientId", hasItem(clientId))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(list.contains("etcs_"), "no secret (nor its hash) is ever listed");
        org.junit.jupiter.api.Assertions.assertFalse(list.contains("secret"), "no secret field is listed");
    }

    @Test
    void deletingAClientRemovesItAndASecondDeleteIs404() {
        String clientId = register(validRegistration()).then().statusCode(201).extract().path("clientId");
        given().header("Authorization", Partners.OPERATOR).when().delete("/api/v1/admin/partners/" + clientId)
                .then().statusCode(204);
        given().header("Authorization", Partners.OPERATOR).when().get("/api/v1/admin/partners/" + clientId)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Partners.OPERATOR).when().delete("/api/v1/admin/partners/" + clientId)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Partners.OPERATOR).when().get("/api/v1/admin/partners")
                .then().statusCode(200).body("clientId", not(hasItem(clientId)));
        given().header("Authorization", Partners.OPERATOR).when().get("/api/v1/admin/partners/not-a-client-id")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Partners.OPERATOR).when().delete("/api/v1/admin/partners/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void onlyTheOperatorCredentialReachesTheRegister() {
        Users.SignedUp user = Users.createDefaultUser();
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(validRegistration())
                .when().post("/api/v1/admin/partners").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", user.bearer()).when().get("/api/v1/admin/partners").then().statusCode(403);
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/admin/partners").then().statusCode(403);
        given().when().get("/api/v1/admin/partners").then().statusCode(401);
        // a partner's own token is no operator credential either
        String token = Partners.token(Partners.registerDefaultClient());
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/admin/partners").then().statusCode(403);
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(validRegistration())
                .when().post("/api/v1/admin/partners").then().statusCode(403);
    }

    @Test
    void invalidRegistrationsAre400ProblemsNamingTheField() {
        assertInvalid(Map.of("scopes", List.of("partner:recommend"), "ratePerMinute", 1, "dailyQuota", 1), "name");
        assertInvalid(Map.of("name", "  ", "scopes", List.of("partner:recommend"), "ratePerMinute", 1, "dailyQuota", 1), "name");
        assertInvalid(Map.of("name", "x".repeat(101), "scopes", List.of("partner:recommend"), "ratePerMinute", 1, "dailyQuota", 1), "name");
        assertInvalid(Map.of("name", "a\u0000b", "scopes", List.of("partner:recommend"), "ratePerMinute", 1, "dailyQuota", 1), "name");
        assertInvalid(Map.of("name", "n", "scopes", List.of(), "ratePerMinute", 1, "dailyQuota", 1), "scopes");
        assertInvalid(Map.of("name", "n", "ratePerMinute", 1, "dailyQuota", 1), "scopes");
        assertInvalid(Map.of("name", "n", "scopes", List.of("partner:recommend", "read"), "ratePerMinute", 1, "dailyQuota", 1), "scopes[1]");
        assertInvalid(Map.of("name", "n", "scopes", List.of("admin"), "ratePerMinute", 1, "dailyQuota", 1), "scopes[0]");
        assertInvalid(Map.of("name", "n", "scopes", List.of("partner:recommend"), "ratePerMinute", 0, "dailyQuota", 1), "ratePerMinute");
        assertInvalid(Map.of("name", "n", "scopes", List.of("partner:recommend"), "ratePerMinute", 10_001, "dailyQuota", 1), "ratePerMinute");
        assertInvalid(Map.of("name", "n", "scopes", List.of("partner:recommend"), "dailyQuota", 1), "ratePerMinute");
        assertInvalid(Map.of("name", "n", "scopes", List.of("partner:recommend"), "ratePerMinute", 1, "dailyQuota", 0), "dailyQuota");
        assertInvalid(Map.of("name", "n", "scopes", List.of("partner:recommend"), "ratePerMinute", 1, "dailyQuota", 10_000_001), "dailyQuota");
        assertInvalid(Map.of("name", "n", "scopes", List.of("partner:recommend"), "ratePerMinute", 1), "dailyQuota");
        // the bounds themselves are fine
        register(Map.of("name", "x".repeat(100), "scopes", List.of("partner:shared"), "ratePerMinute", 10_000, "dailyQuota", 10_000_000))
                .then().statusCode(201);
        register(Map.of("name", "y", "scopes", List.of("partner:shared"), "ratePerMinute", 1, "dailyQuota", 1))
                .then().statusCode(201);
    }

    @Test
    void malformedBodiesAre400ProblemsNotServerErrors() {
        for (String body : List.of("{", "[]", "\"x\"", "{\"name\":\"n\",\"scopes\":\"partner:shared\",\"ratePerMinute\":1,\"dailyQuota\":1}",
                "{\"name\":\"n\",\"scopes\":[\"partner:shared\"],\"ratePerMinute\":\"fast\",\"dailyQuota\":1}",
                "{\"name\":\"n\",\"scopes\":[\"partner:shared\"],\"ratePerMinute\":1,\"dailyQuota\":99999999999}",
                "{\"name\":\"n\",\"scopes\":[null],\"ratePerMinute\":1,\"dailyQuota\":1}")) {
            given().header("Authorization", Partners.OPERATOR).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/admin/partners")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().header("Authorization", Partners.OPERATOR).contentType(ContentType.JSON)
                .when().post("/api/v1/admin/partners")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static void assertInvalid(Map<String, Object> body, String field) {
        register(body).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }
}
