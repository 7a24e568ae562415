package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a partner access token opens: exactly the partner routes its scopes name, forwarded as a caller that owns no
 * data; never a personal, admin or path-trick route; within its client's rate and daily quota; counted in metrics.
 */
@QuarkusTest
@WithTestResource(PartnerBackends.class)
class PartnerRoutesTest {

    private static final String SHARE_CODE = "Ab-_0123456789abcdefghijklmnopqrstuvwxyzABCDE";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static JsonPath claims(String authorization) {
        String jwt = authorization.substring("Bearer ".length());
        return new JsonPath(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void everyPartnerRouteIsForwardedAsACallerThatOwnsNoData() {
        Partners.Client client = Partners.registerDefaultClient();
        String token = Partners.token(client);

        JsonPath interpret = as(token).contentType(ContentType.JSON).body("{\"text\":\"calm jazz for reading\"}")
                .when().post("/api/v1/llm/interpret").then().statusCode(200).extract().jsonPath();
        assertEquals("/api/v1/llm/interpret", interpret.getString("uri"));
        String authorization = interpret.getString("headers.authorization");
        assertFalse(authorization.contains(token), "the partner's token stays at the gateway");
        JsonPath claims = claims(authorization);
        assertEquals(Caller.partnerSubject(UUID.fromString(client.clientId())).toString(), claims.getString("sub"));
        assertEquals("partner:interpret partner:recommend partner:shared", claims.getString("scope"));

        as(token).contentType(ContentType.JSON).body(Map.of("seedArtists", List.of("Miles Davis"), "count", 5))
                .when().post("/api/v1/recommendations").then().statusCode(200)
                .body("method", equalTo("POST")).body("uri", equalTo("/api/v1/recommendations"));

        JsonPath shared = as(token).when().get("/api/v1/shared/" + SHARE_CODE).then().statusCode(200).extract().jsonPath();
        assertEquals("/api/v1/shared/" + SHARE_CODE, shared.getString("uri"));
        assertEquals(null, shared.getString("headers.authorization"), "a shared playlist is read without any identity");
    }

    @Test
    void aTokenOpensOnlyTheRoutesOfItsGrantedScopes() {
        Partners.Client client = Partners.registerDefaultClient();
        String sharedOnly = Partners.token(client, "partner:shared");
        as(sharedOnly).when().get("/api/v1/shared/" + SHARE_CODE).then().statusCode(200);
        as(sharedOnly).contentType(ContentType.JSON).body("{\"text\":\"x\"}").when().post("/api/v1/llm/interpret")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("'partner:interpret'"));
        as(sharedOnly).contentType(ContentType.JSON).body("{}").when().post("/api/v1/recommendations")
                .then().statusCode(403).body("detail", containsString("'partner:recommend'"));
    }

    @Test
    void personalAdminAndUnlistedRoutesAreForbiddenToPartners() {
        String token = Partners.token(Partners.registerDefaultClient());
        String someId = UUID.randomUUID().toString();
        List<String[]> refused = List.of(
                new String[] {"GET", "/api/v1/me"}, new String[] {"DELETE", "/api/v1/me"},
                new String[] {"GET", "/api/v1/me/tokens"}, new String[] {"POST", "/api/v1/me/tokens"},
                new String[] {"GET", "/api/v1/me/export"}, new String[] {"GET", "/api/v1/me/preferences"},
                new String[] {"GET", "/api/v1/history"}, new String[] {"GET", "/api/v1/imports"},
                new String[] {"POST", "/api/v1/imports"}, new String[] {"GET", "/api/v1/imports/" + someId},
                new String[] {"GET", "/api/v1/chat/sessions"}, new String[] {"POST", "/api/v1/chat/sessions"},
                new String[] {"GET", "/api/v1/insights/summary"}, new String[] {"GET", "/api/v1/playlists"},
                new String[] {"POST", "/api/v1/playlists"}, new String[] {"GET", "/api/v1/playlists/" + someId},
                new String[] {"POST", "/api/v1/recommendations/feedback"}, new String[] {"GET", "/api/v1/recommendations"},
                new String[] {"GET", "/api/v1/llm/providers"}, new String[] {"GET", "/api/v1/llm/interpret"},
                new String[] {"POST", "/api/v1/llm/interpret/more"}, new String[] {"POST", "/api/v1/recommendations/x"},
                new String[] {"DELETE", "/api/v1/shared/" + SHARE_CODE}, new String[] {"GET", "/api/v1/shared/" + SHARE_CODE + "/x"},
                new String[] {"GET", "/api/v1/admin/partners"}, new String[] {"POST", "/api/v1/admin/catalog/loads"},
                new String[] {"GET", "/api/v1/nothing-here"});
        for (String[] call : refused) {
            as(token).contentType(ContentType.JSON).body("{}").when().request(call[0], call[1])
                    .then().statusCode(403).contentType("application/problem+json");
        }
    }

    @Test
    void pathTricksNeverWidenWhatAPartnerMayCall() {
        String token = Partners.token(Partners.registerDefaultClient());
        for (String path : List.of("/api/v1/llm/interpret/../../me", "/api/v1/llm/interpret/%2e%2e/providers",
                "/api/v1/llm/interpret;x=1", "/api/v1/llm/interpret/", "/api/v1//llm/interpret", "/api/v1/LLM/interpret",
                "/api/v1/shared/../me", "/api/v1/shared/%2e%2e%2fme", "/api/v1/recommendations%2ffeedback")) {
            int status = RawHttp.status(port, "POST", path, Map.of("Authorization", "Bearer " + token,
                    "Content-Type", "application/json"), "{}");
            assertTrue(status == 400 || status == 403 || status == 404, path + " answered " + status);
        }
    }

    @Test
    void aPersonalAccessTokenWithTheReadScopeCannotWrite() {
        Users.SignedUp user = Users.createDefaultUser();
        String readOnly = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "partner app, read only", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        as(readOnly).when().get("/api/v1/playlists").then().statusCode(200);
        as(readOnly).contentType(ContentType.JSON).body(Map.of("prompt", "rainy day")).when().post("/api/v1/playlists")
                .then().statusCode(403).body("detail", containsString("'write'"));
        as(readOnly).contentType(ContentType.JSON).body(Map.of("trackId", "x", "signal", "like"))
                .when().post("/api/v1/recommendations/feedback").then().statusCode(403);
        as(readOnly).when().delete("/api/v1/me").then().statusCode(403);
        // and a personal token can hold no partner scope
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "sneaky", "scopes", List.of("partner:recommend")))
                .when().post("/api/v1/me/tokens").then().statusCode(400).body("errors[0].field", equalTo("scopes[0]"));
    }

    @Test
    void aClientOverItsRatePerMinuteGets429WithRetryAfterAndOthersAreUnaffected() {
        RateWindows.awaitMinuteWithRoom(Duration.ofSeconds(10));
        Partners.Client client = Partners.register("Slow partner", Partners.ALL_SCOPES, 2, 1000);
        String token = Partners.token(client);
        as(token).when().get("/api/v1/shared/" + SHARE_CODE).then().statusCode(200);
        as(token).when().get("/api/v1/shared/" + SHARE_CODE).then().statusCode(200);
        String retryAfter = as(token).when().get("/api/v1/shared/" + SHARE_CODE)
                .then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:rate-limited"))
                .body("detail", containsString("2 calls per minute"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, "Retry-After is the rest of the minute: " + seconds);
        // a second token of the same client shares its limit; another client does not
        as(Partners.token(client)).when().get("/api/v1/shared/" + SHARE_CODE).then().statusCode(429);
        as(Partners.token(Partners.registerDefaultClient())).when().get("/api/v1/shared/" + SHARE_CODE).then().statusCode(200);
    }

    @Test
    void aClientOverItsDailyQuotaGets429UntilMidnightUtc() {
        Partners.Client client = Partners.register("Small quota", Partners.ALL_SCOPES, 100, 3);
        String token = Partners.token(client);
        for (int i = 0; i < 3; i++) {
            as(token).contentType(ContentType.JSON).body("{\"text\":\"x\"}").when().post("/api/v1/llm/interpret").then().statusCode(200);
        }
        long now = Instant.now().getEpochSecond();
        String retryAfter = as(token).contentType(ContentType.JSON).body("{\"text\":\"x\"}").when().post("/api/v1/llm/interpret")
                .then().statusCode(429).contentType("application/problem+json")
                .body("detail", containsString("daily quota of 3"))
                .extract().header("Retry-After");
        long toMidnight = 86_400 - now % 86_400;
        assertTrue(Math.abs(Long.parseLong(retryAfter) - toMidnight) <= 5,
                "Retry-After " + retryAfter + " is the time to midnight UTC, " + toMidnight);
    }

    @Test
    void everyPartnerCallIsAttributedToItsClientInMetrics() {
        Partners.Client client = Partners.register("Counted partner", List.of("partner:interpret", "partner:shared"), 1000, 1000);
        String token = Partners.token(client);
        as(token).contentType(ContentType.JSON).body("{\"text\":\"x\"}").when().post("/api/v1/llm/interpret").then().statusCode(200);
        as(token).contentType(ContentType.JSON).body("{\"text\":\"x\"}").when().post("/api/v1/llm/interpret").then().statusCode(200);
        as(token).when().get("/api/v1/shared/" + SHARE_CODE).then().statusCode(200);
        as(token).contentType(ContentType.JSON).body("{}").when().post("/api/v1/recommendations").then().statusCode(403);
        as(token).when().get("/api/v1/history").then().statusCode(403);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(2.0, counter(metrics, "echotune_gateway_partner_requests_total", client.clientId(), "interpret", "admitted"));
        assertEquals(1.0, counter(metrics, "echotune_gateway_partner_requests_total", client.clientId(), "shared-playlist", "admitted"));
        assertEquals(1.0, counter(metrics, "echotune_gateway_partner_requests_total", client.clientId(), "recommendations", "forbidden"));
        assertEquals(1.0, counter(metrics, "echotune_gateway_partner_requests_total", client.clientId(), "none", "forbidden"));
        assertTrue(Pattern.compile("echotune_gateway_partner_tokens_total\\{[^}]*outcome=\"issued\"[^}]*partner=\""
                + client.clientId() + "\"[^}]*} 1\\.0").matcher(metrics).find(), "the token issued is counted");
    }

    /** The value of the counter with these tags (Prometheus orders tags by name). */
    private static double counter(String metrics, String name, String partner, String route, String outcome) {
        var matcher = Pattern.compile(Pattern.quote(name) + "\\{outcome=\"" + outcome + "\",partner=\"" + partner
                + "\",route=\"" + route + "\"} ([0-9.E+-]+)").matcher(metrics);
        assertTrue(matcher.find(), name + " for " + route + "/" + outcome + " is exposed");
        return Double.parseDouble(matcher.group(1));
    }
}
