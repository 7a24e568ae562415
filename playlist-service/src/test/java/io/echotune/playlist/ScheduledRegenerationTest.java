package io.echotune.playlist;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.agroal.api.AgroalDataSource;
import io.echotune.commons.identity.InternalToken;
import io.echotune.playlist.service.ScheduledRefresh;
import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.RecommenderStub;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.echotune.playlist.support.PlaylistTestEnvironment.EXCHANGE_PATH;
import static io.echotune.playlist.support.PlaylistTestEnvironment.SERVICE_KEY;
import static io.echotune.playlist.support.PlaylistTestEnvironment.delegationFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled refreshes for the owner: the delegation asked for when the schedule is set, exchanged at run time with
 * the service key for a short-lived internal token, the prompt's new answer stored as a version, and a linked playlist
 * saved to Spotify again; the gateway, the recommender and Spotify stubbed at the HTTP level.
 */
@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class ScheduledRegenerationTest {

    private static final int COUNT = 5;
    /** What the recommender answers the run: the latest taste ranks other tracks than at creation (1-5). */
    private static final List<Integer> NEW_TASTE = List.of(301, 302, 303, 3, 304);

    @Inject
    AgroalDataSource database;

    @Inject
    ScheduledRefresh refresh;

    @Inject
    Vertx vertx;

    /** A prompt playlist of COUNT tracks (the stub answers catalog tracks 1-5), scheduled daily by its owner. */
    private record Scheduled(String owner, String internal, String playlistId, String runToken) {
    }

    private Scheduled createDefaultScheduledPlaylist(String prompt) {
        String owner = newUser();
        String internal = forUser(owner);
        String id = given().header("Authorization", "Bearer " + internal).contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt, "count", COUNT)).when().post("/api/v1/playlists")
                .then().statusCode(201).extract().path("playlistId");
        given().header("Authorization", "Bearer " + internal).contentType(ContentType.JSON)
                .body(Map.of("every", "daily")).when().put("/api/v1/playlists/" + id + "/schedule")
                .then().statusCode(200);
        // the token the gateway answers the exchange with: the owner's, as the proxy would mint it
        return new Scheduled(owner, internal, id, forUser(owner, Set.of("read", "write")));
    }

    private static void stubExchange(Scheduled s) {
        PlaylistTestEnvironment.gateway().stubFor(post(urlEqualTo(EXCHANGE_PATH))
                .withHeader("Authorization", equalTo("Service " + SERVICE_KEY))
                .withRequestBody(equalToJson("{\"delegation\":\"" + delegationFor(s.playlistId()) + "\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"token\":\"" + s.runToken() + "\"}")));
    }

    private static void stubExchangeAnswer(Scheduled s, int status) {
        PlaylistTestEnvironment.gateway().stubFor(post(urlEqualTo(EXCHANGE_PATH))
                .withRequestBody(equalToJson("{\"delegation\":\"" + delegationFor(s.playlistId()) + "\"}"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":" + status + "}")));
    }

    /** The recommender answers the run's token with NEW_TASTE. */
    private static void stubLatestTaste(Scheduled s) {
        PlaylistTestEnvironment.recommender().stubFor(post(urlEqualTo(RecommenderStub.PATH)).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + s.runToken()))
                .withRequestBody(matchingJsonPath("$.count", equalTo(String.valueOf(COUNT))))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(RecommenderStub.answer("latest taste", COUNT, NEW_TASTE))));
    }

    private static List<String> ids(List<Integer> tracks) {
        return tracks.stream().map(TestCatalog::id).toList();
    }

    private static int versionCount(Scheduled s) {
        return given().header("Authorization", "Bearer " + s.internal()).when()
                .get("/api/v1/playlists/" + s.playlistId() + "/versions")
                .then().statusCode(200).extract().jsonPath().getList("version").size();
    }

    private static List<LoggedRequest> exchanges(Scheduled s) {
        return PlaylistTestEnvironment.gateway().findAll(postRequestedFor(urlEqualTo(EXCHANGE_PATH))
                .withRequestBody(WireMock.containing(delegationFor(s.playlistId()))));
    }

    private static List<LoggedRequest> runRecommendations(Scheduled s) {
        return PlaylistTestEnvironment.recommender().findAll(postRequestedFor(urlEqualTo(RecommenderStub.PATH))
                .withHeader("Authorization", equalTo("Bearer " + s.runToken())));
    }

    private void makeDue(Scheduled s) throws Exception {
        execute("update playlist.playlists set next_run_at = now() - interval '1 minute' where id = ?", s.playlistId());
    }

    private static void awaitAtLeast(IntSupplier value, int wanted) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (value.getAsInt() < wanted && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
    }

    @Test
    void aDueScheduleMakesANewVersionFromThePromptAndSavesItToSpotifyWhenLinked() throws Exception {
        Scheduled s = createDefaultScheduledPlaylist("Calm evening folk for a regenerated mix");
        PlaylistTestEnvironment.gateway().verify(postRequestedFor(urlEqualTo(PlaylistTestEnvironment.DELEGATIONS_PATH))
                .withHeader("Authorization", equalTo("Bearer " + s.internal()))
                .withRequestBody(equalToJson("{\"purpose\":\"playlist-refresh\",\"resource\":\"" + s.playlistId() + "\"}")));
        assertEquals(delegationFor(s.playlistId()), column("schedule_delegation", s.playlistId()));
        stubExchange(s);
        stubLatestTaste(s);
        String spotifyId = "spSched" + UUID.randomUUID().toString().substring(0, 8);
        execute("update playlist.playlists set spotify_playlist_id = '" + spotifyId + "' where id = ?", s.playlistId());
        PlaylistTestEnvironment.gateway().stubFor(get(urlEqualTo("/internal/v1/spotify/access-token"))
                .withHeader("Authorization", equalTo("Bearer " + s.runToken()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"accessToken\":\"BQ-scheduled\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}")));
        WireMockServer spotify = PlaylistTestEnvironment.spotify();
        spotify.stubFor(put(urlEqualTo("/v1/playlists/" + spotifyId + "/items"))
                .withHeader("Authorization", equalTo("Bearer BQ-scheduled"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"snapshot_id\":\"s9\"}")));

        makeDue(s);
        awaitAtLeast(() -> versionCount(s), 2);
        awaitAtLeast(() -> spotify.findAll(WireMock.putRequestedFor(urlEqualTo("/v1/playlists/" + spotifyId + "/items"))).size(), 1);
        Thread.sleep(2_500); // several more polls: a claimed run must not repeat

        assertEquals(2, versionCount(s));
        JsonPath v2 = given().header("Authorization", "Bearer " + s.internal()).when()
                .get("/api/v1/playlists/" + s.playlistId() + "/versions/2").then().statusCode(200).extract().jsonPath();
        assertEquals(ids(NEW_TASTE), v2.getList("tracks.trackId"));
        assertEquals(ids(List.of(301, 302, 303, 304)), v2.getList("added"));
        assertEquals(ids(List.of(1, 2, 4, 5)), v2.getList("removed"));
        assertEquals("Track 301", v2.getString("tracks[0].name"));
        assertEquals("Calm evening folk for a regenerated mix", JsonPath.from(runRecommendations(s).get(0).getBodyAsString()).getString("prompt"));
        assertEquals(1, exchanges(s).size());
        assertEquals(1, runRecommendations(s).size());
        List<LoggedRequest> saves = spotify.findAll(WireMock.anyRequestedFor(urlEqualTo("/v1/playlists/" + spotifyId + "/items")));
        assertEquals(1, saves.size());
        assertEquals(ids(NEW_TASTE).stream().map(i -> "spotify:track:" + i).toList(),
                JsonPath.from(saves.get(0).getBodyAsString()).getList("uris"));
        spotify.verify(0, postRequestedFor(urlEqualTo("/v1/me/playlists")).withHeader("Authorization", equalTo("Bearer BQ-scheduled")));
        Duration ahead = Duration.between(Instant.now(), nextRunAt(s.playlistId()));
        assertTrue(ahead.compareTo(Duration.ofHours(23)) > 0, "the next run is a day away: " + ahead);
    }

    @Test
    void twoConcurrentClaimersRunADueScheduleOnce() throws Exception {
        Scheduled s = createDefaultScheduledPlaylist("Quiet study tracks for two claimers");
        stubExchange(s);
        stubLatestTaste(s);
        makeDue(s);
        // two claimers at once on their own Vert.x contexts, as two replicas would (the poller is a third)
        CountDownLatch done = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            var context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true); // as the scheduler's own contexts are
            context.runOnContext(x -> refresh.runDue().subscribe().with(ok -> done.countDown(), failure -> done.countDown()));
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        awaitAtLeast(() -> versionCount(s), 2);
        Thread.sleep(2_500);

        assertEquals(2, versionCount(s));
        assertEquals(1, exchanges(s).size());
        assertEquals(1, runRecommendations(s).size());
    }

    @Test
    void aFailingRunIsLoggedAndWaitsForItsNextPeriod() throws Exception {
        Scheduled erased = createDefaultScheduledPlaylist("Owner erased before the run");
        stubExchangeAnswer(erased, 404);
        Scheduled gatewayDown = createDefaultScheduledPlaylist("Gateway down during the run");
        stubExchangeAnswer(gatewayDown, 503);
        Scheduled recommenderDown = createDefaultScheduledPlaylist("Recommender down during the run");
        stubExchange(recommenderDown);
        PlaylistTestEnvironment.recommender().stubFor(post(urlEqualTo(RecommenderStub.PATH)).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + recommenderDown.runToken()))
                .willReturn(aResponse().withStatus(503)));
        List<Scheduled> all = List.of(erased, gatewayDown, recommenderDown);
        for (Scheduled s : all) {
            makeDue(s);
        }
        for (Scheduled s : all) {
            awaitAtLeast(() -> exchanges(s).isEmpty() ? 0 : 1, 1);
        }
        awaitAtLeast(() -> runRecommendations(recommenderDown).size(), 1);
        Thread.sleep(2_500);

        for (Scheduled s : all) {
            assertEquals(1, versionCount(s), s.playlistId());
            Duration ahead = Duration.between(Instant.now(), nextRunAt(s.playlistId()));
            assertTrue(ahead.compareTo(Duration.ofHours(23)) > 0, "the next run is a day away: " + ahead);
            given().header("Authorization", "Bearer " + s.internal()).when().get("/api/v1/playlists/" + s.playlistId())
                    .then().statusCode(200);
        }
        assertEquals(1, exchanges(erased).size(), "a refusal is not retried");
        assertEquals(2, exchanges(gatewayDown).size(), "one quick retry, then the run waits");
        // the schedules stay on: the next period tries again
        assertEquals("daily", column("schedule_every", erased.playlistId()));
    }

    @Test
    void aScheduleSetBeforeDelegationsRefreshesCatalogFactsUntilItIsSetAgain() throws Exception {
        Scheduled s = createDefaultScheduledPlaylist("Set before delegations existed");
        stubExchange(s);
        stubLatestTaste(s);
        execute("update playlist.playlists set schedule_delegation = null where id = ?", s.playlistId());
        makeDue(s);
        // the catalog's facts differ from the recommender's snapshot (durations, every feature): a new version
        awaitAtLeast(() -> versionCount(s), 2);
        Thread.sleep(1_500);

        assertEquals(0, exchanges(s).size());
        assertEquals(0, runRecommendations(s).size());
        assertEquals(2, versionCount(s));
        JsonPath v2 = given().header("Authorization", "Bearer " + s.internal()).when()
                .get("/api/v1/playlists/" + s.playlistId() + "/versions/2").then().statusCode(200).extract().jsonPath();
        assertEquals("scheduled refresh: catalog facts", v2.getString("prompt"));
        assertEquals(ids(List.of(1, 2, 3, 4, 5)), v2.getList("tracks.trackId"), "the same tracks");

        given().header("Authorization", "Bearer " + s.internal()).contentType(ContentType.JSON)
                .body(Map.of("every", "weekly")).when().put("/api/v1/playlists/" + s.playlistId() + "/schedule")
                .then().statusCode(200);
        assertEquals(delegationFor(s.playlistId()), column("schedule_delegation", s.playlistId()));
    }

    @Test
    void stoppingTheScheduleDropsTheDelegationAndTheGatewaysRefusalIsTheCallers() throws Exception {
        Scheduled s = createDefaultScheduledPlaylist("Stopped schedules keep no delegation");
        assertNotNull(column("schedule_delegation", s.playlistId()));
        given().header("Authorization", "Bearer " + s.internal()).when()
                .delete("/api/v1/playlists/" + s.playlistId() + "/schedule").then().statusCode(204);
        assertNull(column("schedule_delegation", s.playlistId()));

        // a credential that may not write gets the gateway's 403; an unreachable gateway is a 503, never a 500
        String readOnly = forUser(s.owner(), Set.of("read"));
        PlaylistTestEnvironment.gateway().stubFor(post(urlEqualTo(PlaylistTestEnvironment.DELEGATIONS_PATH)).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + readOnly))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":403}")));
        given().header("Authorization", "Bearer " + readOnly).contentType(ContentType.JSON)
                .body(Map.of("every", "daily")).when().put("/api/v1/playlists/" + s.playlistId() + "/schedule")
                .then().statusCode(403);
        String unlucky = forUser(s.owner(), Set.of("write"));
        PlaylistTestEnvironment.gateway().stubFor(post(urlEqualTo(PlaylistTestEnvironment.DELEGATIONS_PATH)).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + unlucky))
                .willReturn(aResponse().withStatus(502)));
        given().header("Authorization", "Bearer " + unlucky).contentType(ContentType.JSON)
                .body(Map.of("every", "daily")).when().put("/api/v1/playlists/" + s.playlistId() + "/schedule")
                .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertNull(column("schedule_every", s.playlistId()), "no schedule without a delegation");
    }

    @Test
    void aDelegationIsNotAnInternalTokenHere() throws Exception {
        String owner = newUser();
        String delegationShaped = Jwt.issuer(InternalToken.ISSUER).subject(owner).upn(owner)
                .audience("echotune-delegation").claim("purpose", "playlist-refresh").claim("resource", "x")
                .expiresIn(3600).sign(KeyUtils.decodePrivateKey(Files.readString(
                        Path.of(System.getenv("ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE")))));
        given().header("Authorization", "Bearer " + delegationShaped).when().get("/api/v1/playlists")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + forUser(owner)).when().get("/api/v1/playlists")
                .then().statusCode(200);
    }

    private void execute(String sql, String id) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, UUID.fromString(id));
            assertEquals(1, q.executeUpdate());
        }
    }

    private String column(String name, String id) {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("select " + name + " from playlist.playlists where id = ?")) {
            q.setObject(1, UUID.fromString(id));
            try (ResultSet row = q.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant nextRunAt(String id) {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("select next_run_at from playlist.playlists where id = ?")) {
            q.setObject(1, UUID.fromString(id));
            try (ResultSet row = q.executeQuery()) {
                row.next();
                var at = row.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
