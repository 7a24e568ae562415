package io.echotune.gateway;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A partner app through the gateway of a running fleet ({@code -Dfleet.url}, as FleetIT): registered by the operator,
 * a token by client credentials, then interpret, recommendations from a prompt and from seed artists (real catalog
 * tracks), a playlist a listener shared, its limits, its metrics, and the end of its tokens when it is deleted.
 */
class PartnerFleetIT {

    private static final String SEED_ARTIST = "Queen";
    private static String operator;
    private static final List<String> registered = new ArrayList<>();

    @BeforeAll
    static void connect() {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        RestAssured.baseURI = url;
        RestAssured.port = URI.create(url).getPort();
        operator = System.getenv("ECHOTUNE_ADMIN_TOKEN");
        assertTrue(operator != null && !operator.isBlank(),
                "the stack's env file provides ECHOTUNE_ADMIN_TOKEN (make test sources it)");
    }

    @AfterAll
    static void deleteClients() {
        for (String clientId : registered) {
            given().header("Authorization", "Bearer " + operator).when().delete("/api/v1/admin/partners/" + clientId);
        }
    }

    private record Client(String clientId, String clientSecret) {
    }

    private static Client register(String name, List<String> scopes, int ratePerMinute) {
        JsonPath created = given().header("Authorization", "Bearer " + operator).contentType(ContentType.JSON)
                .body(Map.of("name", name, "scopes", scopes, "ratePerMinute", ratePerMinute, "dailyQuota", 10_000))
                .when().post("/api/v1/admin/partners").then().statusCode(201).extract().jsonPath();
        registered.add(created.getString("clientId"));
        return new Client(created.getString("clientId"), created.getString("clientSecret"));
    }

    private static String token(Client client, String scope) {
        return given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("scope", scope)
                .when().post("/oauth/token")
                .then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("scope", equalTo(scope))
                .extract().path("access_token");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** While a new stack is still loading its catalog the recommender answers 503: wait for it. */
    private static JsonPath recommend(String token, Map<String, Object> request) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            Response r = as(token).contentType(ContentType.JSON).body(request).when().post("/api/v1/recommendations");
            if (r.statusCode() != 503 || Instant.now().isAfter(deadline)) {
                r.then().statusCode(200);
                return r.jsonPath();
            }
            Thread.sleep(2_000);
        }
    }

    @Test
    void aPartnerInterpretsRecommendsAndReadsASharedPlaylistWithoutAnyPersonalData() throws Exception {
        Client client = register("Fleet radio app", List.of("partner:interpret", "partner:recommend", "partner:shared"), 600);
        String token = token(client, "partner:interpret partner:recommend partner:shared");

        as(token).contentType(ContentType.JSON).body(Map.of("text", "upbeat rock for a morning run"))
                .when().post("/api/v1/llm/interpret")
                .then().statusCode(200).body("intent", notNullValue()).body("entities", notNullValue());

        JsonPath fromPrompt = recommend(token, Map.of("prompt", "calm acoustic songs for a rainy afternoon", "count", 10));
        assertEquals(10, fromPrompt.getList("tracks.trackId").size());
        assertEquals(10, fromPrompt.getList("tracks.trackId").stream().distinct().count());
        fromPrompt.getList("tracks.uri", String.class).forEach(uri -> assertTrue(uri.startsWith("spotify:track:"), uri));

        JsonPath fromSeeds = recommend(token, Map.of("seedArtists", List.of(SEED_ARTIST), "count", 10));
        assertEquals(10, fromSeeds.getList("tracks.trackId").size());
        assertTrue(fromSeeds.getList("tracks.name").stream().allMatch(n -> n != null && !n.toString().isBlank()),
                "real catalog tracks with their names");

        // a listener shares a playlist; the partner reads it, and nothing else of the listener's
        String alice = given().contentType(ContentType.JSON).body(Map.of("displayName", "Alice shares with partners"))
                .when().post("/api/v1/auth/local").then().statusCode(201).extract().path("token");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        Response created;
        while (true) {
            created = as(alice).contentType(ContentType.JSON).body(Map.of("prompt", "summer road trip", "count", 8))
                    .when().post("/api/v1/playlists");
            if (created.statusCode() != 503 || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(2_000);
        }
        created.then().statusCode(201);
        String playlistId = created.path("playlistId");
        List<String> trackIds = created.jsonPath().getList("tracks.trackId");
        String code = as(alice).when().post("/api/v1/playlists/" + playlistId + "/share").then().statusCode(200)
                .extract().path("code");

        as(token).when().get("/api/v1/shared/" + code).then().statusCode(200)
                .body("tracks.trackId", equalTo(trackIds));
        as(token).when().get("/api/v1/playlists/" + playlistId).then().statusCode(403);
        as(token).when().get("/api/v1/playlists").then().statusCode(403);
        as(token).when().get("/api/v1/me").then().statusCode(403);
        as(token).when().get("/api/v1/history").then().statusCode(403);
        as(token).contentType(ContentType.JSON).body(Map.of("trackId", trackIds.get(0), "signal", "like"))
                .when().post("/api/v1/recommendations/feedback").then().statusCode(403);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String route : List.of("interpret", "recommendations", "shared-playlist")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("echotune_gateway_partner_requests_total{")
                            && l.contains("partner=\"" + client.clientId() + "\"") && l.contains("route=\"" + route + "\"")
                            && l.contains("outcome=\"admitted\"")),
                    "the " + route + " calls are attributed to the client");
        }

        // deleting the client ends its token at once
        given().header("Authorization", "Bearer " + operator).when().delete("/api/v1/admin/partners/" + client.clientId())
                .then().statusCode(204);
        as(token).when().get("/api/v1/shared/" + code).then().statusCode(401);
    }

    @Test
    void aPartnerOverItsRateGets429WithRetryAfter() {
        long intoMinute = Instant.now().getEpochSecond() % 60;
        if (intoMinute > 50) {
            try {
                Thread.sleep((61 - intoMinute) * 1000);   // the four calls below must fall in one minute window
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Client client = register("Fleet slow app", List.of("partner:interpret"), 3);
        String token = token(client, "partner:interpret");
        for (int i = 0; i < 3; i++) {
            as(token).contentType(ContentType.JSON).body(Map.of("text", "jazz")).when().post("/api/v1/llm/interpret")
                    .then().statusCode(200);
        }
        String retryAfter = as(token).contentType(ContentType.JSON).body(Map.of("text", "jazz"))
                .when().post("/api/v1/llm/interpret")
                .then().statusCode(429).contentType("application/problem+json")
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + seconds);
    }
}
