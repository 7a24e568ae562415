package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The operator credential (ECHOTUNE_ADMIN_TOKEN) and the catalog admin route to the ingestion service. */
@QuarkusTest
@WithTestResource(OperatorBackend.class)
class AdminAccessTest {

    private static final String OPERATOR = "Bearer " + OperatorBackend.ADMIN_TOKEN;

    @Test
    void theOperatorCredentialReachesTheCatalogAdminRouteAsTheOperatorWithTheAdminScope() {
        JsonPath echoed = given().header("Authorization", OPERATOR)
                .multiPart("file", "tracks.csv", "track_id,track_name\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(202)
                .extract().jsonPath();

        assertEquals("POST", echoed.getString("method"));
        assertEquals("/api/v1/admin/catalog/loads", echoed.getString("uri"));
        String authorization = echoed.getString("headers.authorization");
        assertFalse(authorization.contains(OperatorBackend.ADMIN_TOKEN), "the operator credential stays at the gateway");
        JsonPath claims = claims(authorization);
        assertEquals(Caller.OPERATOR_ID.toString(), claims.getString("sub"));
        assertEquals("admin", claims.getString("scope"));

        given().header("Authorization", OPERATOR).when().get("/api/v1/admin/catalog")
                .then().statusCode(202).body("uri", equalTo("/api/v1/admin/catalog"));
    }

    @Test
    void aListenerIsForbiddenOnAdminPathsWhateverCredentialItUses() {
        Users.SignedUp user = Users.createDefaultUser();
        given().header("Authorization", user.bearer()).when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:forbidden"))
                .body("detail", containsString("'admin'"));
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/admin/catalog")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void theOperatorCredentialOpensNothingButTheAdminPaths() {
        given().header("Authorization", OPERATOR).when().get("/api/v1/imports")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", OPERATOR).when().get("/api/v1/me")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aWrongOperatorCredentialOrNoneIsUnauthorized() {
        given().header("Authorization", OPERATOR + "x").when().get("/api/v1/admin/catalog")
                .then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/v1/admin/catalog")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void noPersonalAccessTokenCanBeIssuedWithTheAdminScope() {
        Users.SignedUp user = Users.createDefaultUser();
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "sneaky", "scopes", List.of("read", "admin")))
                .when().post("/api/v1/me/tokens")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("scopes[1]"));
    }

    private static JsonPath claims(String authorization) {
        String[] jwt = authorization.substring("Bearer ".length()).split("\\.");
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
    }
}
