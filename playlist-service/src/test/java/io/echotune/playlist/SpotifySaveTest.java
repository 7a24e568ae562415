package io.echotune.playlist;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Saving to Spotify against the Web API stubbed with its real shapes (POST /v1/me/playlists, /items). */
@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class SpotifySaveTest {

    private static final String TOKEN_PATH = "/internal/v1/spotify/access-token";

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(TestCatalog::id).toList();
    }

    /** A user whose gateway answers a Spotify access token; returns the internal token to call with. */
    private static String connectedUser(String spotifyPlaylistId) {
        String internal = forUser(newUser());
        String access = "BQ-access-" + spotifyPlaylistId;
        PlaylistTestEnvironment.gateway().stubFor(get(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo("Bearer " + internal))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"accessToken\":\"" + access + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}")));
        WireMockServer spotify = PlaylistTestEnvironment.spotify();
        spotify.stubFor(post(urlEqualTo("/v1/me/playlists")).withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + spotifyPlaylistId + "\",\"name\":\"x\",\"public\":false,"
                                + "\"external_urls\":{\"spotify\":\"https://open.spotify.com/playlist/" + spotifyPlaylistId + "\"},"
                                + "\"items\":{\"total\":0},\"snapshot_id\":\"s0\",\"type\":\"playlist\"}")));
        spotify.stubFor(put(urlEqualTo("/v1/playlists/" + spotifyPlaylistId + "/items"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"snapshot_id\":\"s1\"}")));
        spotify.stubFor(post(urlEqualTo("/v1/playlists/" + spotifyPlaylistId + "/items")).atPriority(5)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"snapshot_id\":\"s2\"}")));
        return internal;
    }

    private static String createPlaylist(String internal, List<String> trackIds) {
        return given().header("Authorization", "Bearer " + internal).contentType(ContentType.JSON)
                .body(Map.of("name", "Saved", "trackIds", trackIds))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
    }

    private static io.restassured.response.ValidatableResponse save(String internal, String id) {
        return given().header("Authorization", "Bearer " + internal).when().post("/api/v1/playlists/" + id + "/spotify")
                .then();
    }

    private static List<LoggedRequest> itemsCalls(String spotifyId) {
        return PlaylistTestEnvironment.spotify().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .anyRequestedFor(urlEqualTo("/v1/playlists/" + spotifyId + "/items")));
    }

    private static List<String> uris(LoggedRequest r) {
        return JsonPath.from(r.getBodyAsString()).getList("uris");
    }

    @Test
    void firstSaveCreatesTheSpotifyPlaylistAndLaterSavesReplaceItsItems() {
        String internal = connectedUser("spFirst01");
        String id = createPlaylist(internal, ids(10, 12));

        JsonPath first = save(internal, id).statusCode(200).extract().jsonPath();
        assertEquals("spFirst01", first.getString("spotifyPlaylistId"));
        assertEquals("https://open.spotify.com/playlist/spFirst01", first.getString("url"));
        assertEquals(3, first.getInt("trackCount"));
        assertEquals(List.of(), first.getList("withoutSpotifyUri"));
        save(internal, id).statusCode(200).body("spotifyPlaylistId", org.hamcrest.Matchers.equalTo("spFirst01"));

        PlaylistTestEnvironment.spotify().verify(1, postRequestedFor(urlEqualTo("/v1/me/playlists"))
                .withHeader("Authorization", equalTo("Bearer BQ-access-spFirst01")));
        List<LoggedRequest> calls = itemsCalls("spFirst01");
        assertEquals(2, calls.size());
        for (LoggedRequest call : calls) {
            assertEquals("PUT", call.getMethod().getName());
            assertEquals(ids(10, 12).stream().map(i -> "spotify:track:" + i).toList(), uris(call));
        }
    }

    @Test
    void aSaveThatFailsHalfwayThroughThreeHundredTracksIsFinishedByTheNextWithoutDoubles() {
        String internal = connectedUser("spHalfway1");
        String id = createPlaylist(internal, ids(1, 300));
        // Spotify fails the third chunk (tracks 201-300) once.
        PlaylistTestEnvironment.spotify().stubFor(post(urlEqualTo("/v1/playlists/spHalfway1/items")).atPriority(1)
                .inScenario("halfway").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing(TestCatalog.id(201)))
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("failed once"));

        save(internal, id).statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        save(internal, id).statusCode(200).body("trackCount", org.hamcrest.Matchers.equalTo(300));

        PlaylistTestEnvironment.spotify().verify(1, postRequestedFor(urlEqualTo("/v1/me/playlists"))
                .withHeader("Authorization", equalTo("Bearer BQ-access-spHalfway1")));
        List<LoggedRequest> calls = itemsCalls("spHalfway1");
        // first save: PUT 1-100, POST 101-200, POST 201-300 (failed); second: PUT, POST, POST
        assertEquals(List.of("PUT", "POST", "POST", "PUT", "POST", "POST"),
                calls.stream().map(c -> c.getMethod().getName()).toList());
        List<String> after = calls.subList(3, 6).stream().flatMap(c -> uris(c).stream()).toList();
        assertEquals(ids(1, 300).stream().map(i -> "spotify:track:" + i).toList(), after,
                "the playlist on Spotify holds each track exactly once, in order");
    }

    @Test
    void spotifyRateLimitIsA503WithItsRetryAfter() {
        String internal = connectedUser("spLimited1");
        String id = createPlaylist(internal, ids(20, 21));
        PlaylistTestEnvironment.spotify().stubFor(put(urlEqualTo("/v1/playlists/spLimited1/items")).atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7200")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"status\":429,\"message\":\"API rate limit exceeded\"}}")));

        save(internal, id).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "7200");
    }

    @Test
    void noSpotifyConnectionIsA409SayingHowToConnect() {
        String internal = forUser(newUser());
        PlaylistTestEnvironment.gateway().stubFor(get(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo("Bearer " + internal))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"urn:echotune:problem:not-found\",\"status\":404}")));
        String id = createPlaylist(internal, ids(30, 31));

        save(internal, id).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("/auth/spotify"));
        PlaylistTestEnvironment.spotify().verify(0, postRequestedFor(urlPathMatching("/v1/.*"))
                .withHeader("Authorization", equalTo("Bearer null")));
    }

    @Test
    void anotherUsersPlaylistIsNotFound() {
        String owner = connectedUser("spOwner001");
        String id = createPlaylist(owner, ids(40, 41));
        String stranger = connectedUser("spStranger");

        save(stranger, id).statusCode(404);
    }
}
