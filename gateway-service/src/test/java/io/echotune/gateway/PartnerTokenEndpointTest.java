package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/** {@code POST /oauth/token}: the client-credentials grant exactly as RFC 6749 §4.4, §5.1 and §5.2 describe it. */
@QuarkusTest
@WithTestResource(PartnerBackends.class)
class PartnerTokenEndpointTest {

    private static String basic(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static Response tokenRequest(String authorization, String body) {
        var request = given().contentType("application/x-www-form-urlencoded").body(body);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.when().post("/oauth/token");
    }

    private static void assertOAuthError(Response response, int status, String error) {
        response.then().statusCode(status)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error));
    }

    @Test
    void formAuthenticationIssuesABearerTokenWithEveryAllowedScopeWhenNoneIsAsked() {
        Partners.Client client = Partners.registerDefaultClient();
        tokenRequest(null, "grant_type=client_credentials&client_id=" + client.clientId() + "&client_secret=" + client.clientSecret())
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("access_token", matchesPattern("etp_[A-Za-z0-9_-]{43}"))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .body("scope", equalTo("partner:interpret partner:recommend partner:shared"));
    }

    @Test
    void basicAuthenticationIssuesATokenForTheScopesAsked() {
        Partners.Client client = Partners.registerDefaultClient();
        tokenRequest(basic(client.clientId(), client.clientSecret()), "grant_type=client_credentials&scope=partner%3Ashared+partner%3Ainterpret")
                .then().statusCode(200)
                .body("scope", equalTo("partner:interpret partner:shared"));
        // the client id may also be repeated in the form, as long as it is the same client
        tokenRequest(basic(client.clientId(), client.clientSecret()), "grant_type=client_credentials&client_id=" + client.clientId())
                .then().statusCode(200);
    }

    @Test
    void aScopeTheClientMayNotHaveIsInvalidScope() {
        Partners.Client client = Partners.register("Interpret only", List.of("partner:interpret"), 10, 10);
        String auth = basic(client.clientId(), client.clientSecret());
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&scope=partner:recommend"), 400, "invalid_scope");
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&scope=read"), 400, "invalid_scope");
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&scope=admin"), 400, "invalid_scope");
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&scope=partner:interpret+partner:shared"), 400, "invalid_scope");
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&scope="), 400, "invalid_scope");
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&scope=partner:interpret++"), 400, "invalid_scope");
        tokenRequest(auth, "grant_type=client_credentials&scope=partner:interpret").then().statusCode(200)
                .body("scope", equalTo("partner:interpret"));
    }

    @Test
    void aWrongSecretAnUnknownClientOrNoClientAuthenticationIsInvalidClientWith401AndAChallenge() {
        Partners.Client client = Partners.registerDefaultClient();
        for (Response response : List.of(
                tokenRequest(basic(client.clientId(), client.clientSecret() + "x"), "grant_type=client_credentials"),
                tokenRequest(null, "grant_type=client_credentials&client_id=" + client.clientId() + "&client_secret=etcs_wrong"),
                tokenRequest(null, "grant_type=client_credentials&client_id=" + UUID.randomUUID() + "&client_secret=" + client.clientSecret()),
                tokenRequest(null, "grant_type=client_credentials&client_id=not-a-uuid&client_secret=x"),
                tokenRequest(null, "grant_type=client_credentials&client_id=" + client.clientId()),
                tokenRequest(null, "grant_type=client_credentials"),
                tokenRequest("Basic !!!not-base64", "grant_type=client_credentials"),
                tokenRequest("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)), "grant_type=client_credentials"),
                tokenRequest("Bearer " + client.clientSecret(), "grant_type=client_credentials"))) {
            assertOAuthError(response, 401, "invalid_client");
            response.then().header("WWW-Authenticate", startsWith("Basic realm="));
        }
    }

    @Test
    void anotherGrantTypeIsUnsupportedGrantType() {
        Partners.Client client = Partners.registerDefaultClient();
        String auth = basic(client.clientId(), client.clientSecret());
        assertOAuthError(tokenRequest(auth, "grant_type=password&username=a&password=b"), 400, "unsupported_grant_type");
        assertOAuthError(tokenRequest(auth, "grant_type=authorization_code&code=x"), 400, "unsupported_grant_type");
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        Partners.Client client = Partners.registerDefaultClient();
        String auth = basic(client.clientId(), client.clientSecret());
        // no grant type
        assertOAuthError(tokenRequest(auth, "scope=partner:interpret"), 400, "invalid_request");
        // a parameter twice
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&grant_type=client_credentials"), 400, "invalid_request");
        // two ways of client authentication at once
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&client_secret=" + client.clientSecret()), 400, "invalid_request");
        // the form names another client than the header
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&client_id=" + UUID.randomUUID()), 400, "invalid_request");
        // not a form
        given().header("Authorization", auth).contentType(ContentType.JSON).body("{\"grant_type\":\"client_credentials\"}")
                .when().post("/oauth/token").then().statusCode(400).header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_request"));
        // a broken escape, and a huge body
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&scope=%zz"), 400, "invalid_request");
        assertOAuthError(tokenRequest(auth, "grant_type=client_credentials&x=" + "a".repeat(10_000)), 400, "invalid_request");
    }

    @Test
    void aDeletedClientsTokensAndCredentialsStopAtOnce() {
        Partners.Client client = Partners.registerDefaultClient();
        String token = Partners.token(client);
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"text\":\"calm jazz\"}")
                .when().post("/api/v1/llm/interpret").then().statusCode(200);

        given().header("Authorization", Partners.OPERATOR).when().delete("/api/v1/admin/partners/" + client.clientId())
                .then().statusCode(204);

        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"text\":\"calm jazz\"}")
                .when().post("/api/v1/llm/interpret")
                .then().statusCode(401).contentType("application/problem+json");
        assertOAuthError(tokenRequest(basic(client.clientId(), client.clientSecret()), "grant_type=client_credentials"), 401, "invalid_client");
    }

    @Test
    void aTokenThatWasNeverIssuedOrIsMalformedIsRefused() {
        given().header("Authorization", "Bearer etp_" + "A".repeat(43)).contentType(ContentType.JSON).body("{\"text\":\"x\"}")
                .when().post("/api/v1/llm/interpret").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer etp_short").contentType(ContentType.JSON).body("{\"text\":\"x\"}")
                .when().post("/api/v1/llm/interpret").then().statusCode(401);
        // on the public route too: a presented partner token must be valid on its own
        given().header("Authorization", "Bearer etp_" + "B".repeat(43)).when().get("/api/v1/shared/abc")
                .then().statusCode(401);
    }

    @Test
    void theTokenEndpointAnswersOnlyPost() {
        given().when().get("/oauth/token").then().statusCode(405);
    }
}
