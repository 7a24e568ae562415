package io.echotune.gateway;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole fleet, as a user meets it: `make test` brings the local stack up (real PostgreSQL, Redis, Kafka,
 * the MongoDB stand-in and all seven services) and runs this against the gateway at {@code -Dfleet.url}.
 * Services listen on the gateway's port + 1 … + 6, as the local stack lays them out.
 */
class FleetIT {

    private static final List<String> SERVICES = List.of("gateway", "chat", "llm-router", "recommender",
            "playlist", "ingestion", "insights");
    /** A track of the shared catalog the local stack loads: playlists accept only ids the catalog knows. */
    private static final String TRACK = "5SuOikwiRyPMVoIQDJUgSV";

    private static URI gateway;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void signUp() {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        gateway = URI.create(url);
        RestAssured.baseURI = url;
        RestAssured.port = gateway.getPort();
        alice = signUpLocal("Alice");
        bob = signUpLocal("Bob");
    }

    private static String signUpLocal(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("displayName", name))
                .when().post("/api/v1/auth/local")
                .then().statusCode(201).extract().path("token");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static String serviceUrl(String service) {
        int port = gateway.getPort() + SERVICES.indexOf(service);
        return gateway.getScheme() + "://" + gateway.getHost() + ":" + port;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "chat", "llm-router", "recommender", "playlist", "ingestion", "insights"})
    void everyServiceIsReadyAndServesMetricsAndOpenApi(String service) {
        given().baseUri(serviceUrl(service)).port(-1).when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"));
        given().baseUri(serviceUrl(service)).port(-1).when().get("/q/health/live")
                .then().statusCode(200);
        given().baseUri(serviceUrl(service)).port(-1).when().get("/q/metrics")
                .then().statusCode(200);
        given().baseUri(serviceUrl(service)).port(-1).accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body("openapi", notNullValue());
    }

    @Test
    void theGatewayServesThePublicApiDocument() {
        // docs/openapi.yaml, served as written: the whole public API, the forwarded services' paths included.
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("EchoTune public API"))
                .body("paths.'/api/v1/playlists'.post.operationId", equalTo("createPlaylist"))
                .body("paths.'/api/v1/llm/interpret'.post.'x-partner'", equalTo(true))
                .body("components.securitySchemes.partnerClientCredentials.flows.clientCredentials.tokenUrl",
                        equalTo("/oauth/token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/me", "/api/v1/chat/sessions", "/api/v1/llm/providers", "/api/v1/playlists",
            "/api/v1/imports", "/api/v1/history", "/api/v1/insights/summary"})
    void callsWithoutCredentialsAre401(String path) {
        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void feedbackWithoutCredentialsIs401() {
        given().contentType(ContentType.JSON).body(Map.of("trackId", TRACK, "signal", "like"))
                .when().post("/api/v1/recommendations/feedback")
                .then().statusCode(401);
    }

    @Test
    void servicesRefuseCallsThatBypassTheGateway() {
        // A bare user-id header or the user's own token is worth nothing to a service: only the gateway's signature counts.
        for (String service : SERVICES.subList(1, SERVICES.size())) {
            given().baseUri(serviceUrl(service)).port(-1).header("X-User-Id", "anyone")
                    .header("Authorization", "Bearer " + alice)
                    .when().get("/api/v1/anything").then().statusCode(401);
        }
    }

    @Test
    void aSignedInUserReachesEveryService() {
        as(alice).when().get("/api/v1/me").then().statusCode(200).body("displayName", equalTo("Alice"));
        as(alice).contentType(ContentType.JSON).body(Map.of("title", "Rainy afternoon"))
                .when().post("/api/v1/chat/sessions").then().statusCode(201);
        as(alice).when().get("/api/v1/llm/providers").then().statusCode(200).body("name", hasItem("local"));
        as(alice).contentType(ContentType.JSON).body(Map.of("trackId", TRACK, "signal", "like"))
                .when().post("/api/v1/recommendations/feedback").then().statusCode(202);
        as(alice).contentType(ContentType.JSON).body(Map.of("name", "Rainy Folk", "trackIds", List.of(TRACK)))
                .when().post("/api/v1/playlists").then().statusCode(201);
        as(alice).when().get("/api/v1/imports").then().statusCode(200);
        as(alice).when().get("/api/v1/history").then().statusCode(200).body("items", notNullValue());
        as(alice).when().get("/api/v1/insights/summary").then().statusCode(200).body("records", notNullValue());
    }

    @Test
    void anImportThroughTheGatewayIsStoredCompletelyAndSeenOnlyByItsOwner() throws Exception {
        Path export = Path.of(System.getenv("ECHOTUNE_SHARED_DATA"), "history/basic/anferben/StreamingHistory0.json");
        int rawRecords = new ObjectMapper().readTree(export.toFile()).size();
        String carol = signUpLocal("Carol");

        String importId = as(carol).multiPart("file", export.toFile(), "application/json")
                .when().post("/api/v1/imports")
                .then().statusCode(202).extract().path("importId");
        Map<String, Object> finished = awaitImport(carol, importId);

        assertEquals("COMPLETED", finished.get("status"));
        assertEquals(rawRecords, ((Number) finished.get("recordsRead")).intValue());
        assertEquals(rawRecords, ((Number) finished.get("recordsStored")).intValue()
                + ((Number) finished.get("duplicates")).intValue() + ((Number) finished.get("rejected")).intValue());
        as(carol).when().get("/api/v1/history?limit=5").then().statusCode(200).body("items", hasSize(5));
        as(carol).when().get("/api/v1/insights/summary").then().statusCode(200)
                .body("records", equalTo(((Number) finished.get("recordsStored")).intValue()));

        @SuppressWarnings("unchecked")
        Map<String, Object> enrichment = (Map<String, Object>) finished.get("enrichment");
        assertTrue(((Number) enrichment.get("tracksSeen")).intValue() > 0, "the import's tracks go to enrichment");

        as(bob).when().get("/api/v1/imports/" + importId).then().statusCode(404);
        as(bob).when().get("/api/v1/history").then().statusCode(200).body("items", hasSize(0));
        as(bob).when().get("/api/v1/insights/summary").then().statusCode(200).body("records", equalTo(0));
    }

    @Test
    void theOperatorCredentialReachesTheCatalogAndAListenerIsForbidden() {
        String operator = System.getenv("ECHOTUNE_ADMIN_TOKEN");
        org.junit.jupiter.api.Assumptions.assumeTrue(operator != null && !operator.isBlank(),
                "the stack's env file provides ECHOTUNE_ADMIN_TOKEN (make test sources it)");
        as(operator).when().get("/api/v1/admin/catalog")
                .then().statusCode(200).body("version", notNullValue());
        as(alice).when().get("/api/v1/admin/catalog")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().post("/api/v1/admin/catalog/loads").then().statusCode(401);
    }

    private static Map<String, Object> awaitImport(String token, String importId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = as(token).when().get("/api/v1/imports/" + importId)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            if (!List.of("QUEUED", "RUNNING").contains(job.get("status"))) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("import " + importId + " did not finish within 120 s");
    }

    @Test
    void messagesAreUnderstoodThroughTheGatewayAndPreferencesReachTheRouter() {
        String dana = signUpLocal("Dana");
        as(dana).contentType(ContentType.JSON).body(Map.of("text", "upbeat indie folk for a rainy afternoon"))
                .when().post("/api/v1/llm/interpret")
                .then().statusCode(200)
                .body("intent", equalTo("recommend"))
                .body("providerUsed", equalTo("local"));
        as(dana).contentType(ContentType.JSON).body(Map.of("llmProvider", "local", "novelty", "discover"))
                .when().put("/api/v1/me/preferences").then().statusCode(200);
        as(dana).when().get("/api/v1/me/preferences").then().statusCode(200).body("novelty", equalTo("discover"));
        as(dana).contentType(ContentType.JSON)
                .body(Map.of("intent", "smalltalk", "facts", Map.of("figures", Map.of("plays", 3))))
                .when().post("/api/v1/llm/compose")
                .then().statusCode(200).body("providerUsed", equalTo("local"));
    }

    @Test
    void anotherUserGets404OnTheFirstUsersResources() {
        String session = as(alice).contentType(ContentType.JSON).body(Map.of("title", "Private"))
                .when().post("/api/v1/chat/sessions").then().statusCode(201).extract().path("sessionId");
        String playlist = as(alice).contentType(ContentType.JSON)
                .body(Map.of("name", "Mine", "trackIds", List.of(TRACK)))
                .when().post("/api/v1/playlists").then().statusCode(201)
                // Links point at the gateway, not at the service behind it.
                .header("Location", startsWith(gateway.getScheme() + "://" + gateway.getAuthority() + "/api/v1/playlists/"))
                .extract().path("playlistId");

        as(bob).when().get("/api/v1/chat/sessions/" + session).then().statusCode(404).contentType("application/problem+json");
        as(bob).when().get("/api/v1/chat/sessions/" + session + "/messages").then().statusCode(404);
        as(bob).when().get("/api/v1/playlists/" + playlist).then().statusCode(404).contentType("application/problem+json");
        as(bob).when().delete("/api/v1/playlists/" + playlist).then().statusCode(404);
        as(bob).when().get("/api/v1/chat/sessions").then().statusCode(200).body("sessionId", not(hasItem(session)));
        as(bob).when().get("/api/v1/playlists").then().statusCode(200).body("playlistId", not(hasItem(playlist)));

        as(alice).when().get("/api/v1/playlists/" + playlist).then().statusCode(200);
    }
}
