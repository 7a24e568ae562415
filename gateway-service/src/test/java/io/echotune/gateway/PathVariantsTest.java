package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule the gateway keys on a path (scopes, routes, rate-limit buckets) must see exactly the path that is
 * dispatched. Each protected path is tried in every spelling some framework might read as the same path: path
 * parameters, percent-escapes, empty, dot and dot-dot segments, a trailing slash, upper case, backslashes.
 * None may get through; the plain path keeps its normal answer.
 */
@QuarkusTest
@WithTestResource(EchoBackend.class)
class PathVariantsTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    /** Spellings of {@code path} that a lenient reader would treat as {@code path} itself. */
    static List<String> variantsOf(String path) {
        List<String> variants = new ArrayList<>();
        String[] segments = path.substring(1).split("/");
        String last = segments[segments.length - 1];
        String parent = path.substring(0, path.length() - last.length() - 1);
        variants.add(path + ";x=y");
        variants.add(parent + ";x=y/" + last);
        variants.add(path.replaceFirst("/v1", "/v1;"));
        variants.add(parent + "/%" + Integer.toHexString(last.charAt(0)) + last.substring(1));
        variants.add(parent + "%2F" + last);
        variants.add(parent + "%2f" + last);
        variants.add(parent + "//" + last);
        variants.add("/" + path);
        variants.add(parent + "/./" + last);
        variants.add(parent + "/x/../" + last);
        variants.add(path + "/.");
        variants.add(path + "/");
        variants.add(path.toUpperCase());
        variants.add(path.replaceFirst("/api/v1/", "/api/V1/"));
        variants.add(path.replaceFirst("/api/v1/([a-z])", "/api/v1/" + Character.toUpperCase(path.charAt(8))));
        variants.add(parent + "\\" + last);
        return variants;
    }

    @Test
    void aTokenWithoutTheAccountScopeCannotMintTokensThroughAnySpellingOfThePath() {
        Users.SignedUp user = Users.createDefaultUser();
        String limited = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "read-write only", "scopes", List.of("read", "write")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + limited);
        String body = "{\"name\":\"escalated\",\"scopes\":[\"read\",\"write\",\"account\"]}";

        assertEquals(403, RawHttp.status(port, "POST", "/api/v1/me/tokens", auth, body), "the plain path needs 'account'");
        for (String variant : variantsOf("/api/v1/me/tokens")) {
            assertEquals(400, RawHttp.status(port, "POST", variant, auth, body), "POST " + variant);
        }
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/tokens")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void accountDeletionAndExportRulesHoldForEverySpelling() {
        Users.SignedUp user = Users.createDefaultUser();
        String limited = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "read-write only", "scopes", List.of("read", "write")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + limited);
        for (String variant : List.of("/api/v1/me/", "/api/v1/me;x=y", "/api/v1/./me", "/api/v1/x/../me", "/api/v1//me",
                "/api/v1/ME", "/api/v1/%6De")) {
            assertEquals(400, RawHttp.status(port, "DELETE", variant, auth, null), "DELETE " + variant);
        }
        for (String variant : variantsOf("/api/v1/me/export")) {
            assertEquals(400, RawHttp.status(port, "GET", variant, auth, null), "GET " + variant);
        }
    }

    @Test
    void operatorPathsCannotBeReachedByAnotherSpelling() {
        Users.SignedUp user = Users.createDefaultUser();
        Map<String, String> auth = Map.of("Authorization", user.bearer());
        assertEquals(403, RawHttp.status(port, "POST", "/api/v1/admin/catalog/loads", auth, "{}"));
        for (String variant : variantsOf("/api/v1/admin/catalog/loads")) {
            int status = RawHttp.status(port, "POST", variant, auth, "{}");
            assertEquals(400, status, "POST " + variant);
        }
    }

    @Test
    void theSignUpLimitCannotBeSkippedByAnotherSpelling() {
        Users.SignedUp user = Users.createDefaultUser();
        for (String variant : variantsOf("/api/v1/auth/local")) {
            assertEquals(400, RawHttp.status(port, "POST", variant, Map.of("Authorization", user.bearer()),
                    "{\"displayName\":\"Mallory\"}"), "POST " + variant);
        }
    }

    @Test
    void canonicalPathsAreServedAsBefore() {
        assertEquals(200, RawHttp.status(port, "GET", "/", Map.of(), null));
        assertEquals(200, RawHttp.status(port, "GET", "/chat", Map.of(), null));
        assertEquals(200, RawHttp.status(port, "GET", "/q/health/live", Map.of(), null));
        assertEquals(401, RawHttp.status(port, "GET", "/api/v1/me", Map.of(), null));
        String answer = RawHttp.exchange(port, "GET", "/api/v1/me;x", Map.of(), null);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("application/problem+json") && answer.contains("Path parameters"), answer);
    }
}
