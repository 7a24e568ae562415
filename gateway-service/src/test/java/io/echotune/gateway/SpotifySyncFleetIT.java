package io.echotune.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Spotify listening sync through the running fleet, with WireMock standing in for Spotify only (accounts service
 * and Web API, in their real shapes): `make test` starts the stack with the gateway's Spotify URLs at
 * {@code -Dspotify.stub.port}, a one-second tick and a three-second interval. Users sign in with Spotify for real
 * (authorize, callback, code exchange, profile); the plays go through the real ingestion-service into MongoDB.
 */
class SpotifySyncFleetIT {

    private static final String RECENTLY_PLAYED = "/v1/me/player/recently-played";
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static WireMockServer spotify;

    @BeforeAll
    static void startSpotify() {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        String port = System.getProperty("spotify.stub.port");
        assertTrue(port != null && !port.isBlank() && !port.startsWith("$"),
                "run with -Dspotify.stub.port=<the port the stack's ECHOTUNE_SPOTIFY_*_URL name> (make test does)");
        RestAssured.baseURI = url;
        spotify = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").port(Integer.parseInt(port)));
        spotify.start();
    }

    @AfterAll
    static void stopSpotify() {
        if (spotify != null) {
            spotify.stop();
        }
    }

    /** A Spotify user of this test: its tokens at Spotify, and its EchoTune session once signed in. */
    private record Listener(String name, String accessToken, String refreshToken, String userId, String session,
                            String csrf) {
        RequestSpecification api() {
            return given().cookie("echotune_session", session).cookie("echotune_csrf", csrf).header("X-CSRF-Token", csrf);
        }
    }

    @Test
    void playsAreSyncedOnceWithTheExportsIdentityAndAnExportImportOfThemStoresNothingNew() {
        String access = "BQ-sync-" + UUID.randomUUID();
        stubRecentlyPlayed(access, null, page("""
                {"track": %s, "played_at": "2025-02-04T11:38:56.412Z", "context": null},
                {"track": %s, "played_at": "2025-02-04T11:34:17.988Z", "context": null},
                {"track": %s, "played_at": "2025-02-04T11:29:02.005Z", "context": null}""".formatted(
                track("0VjIjW4GlUZAMYd2vXMi3b", "Blinding Lights", "The Weeknd", "After Hours", 200_040),
                track("7qiZfU4dY1lWllzX7mPBI3", "Shape of You", "Ed Sheeran", "Divide", 233_712),
                track("4uLU6hMCjMI75M1A2tKUQC", "Never Gonna Give You Up", "Rick Astley", "Whenever You Need Somebody", 213_573)),
                "1738669136412"));
        stubRecentlyPlayed(access, "1738669136412", page("", null));
        Listener listener = signIn("sync", access, 3600);

        // the second run asks for the plays after the stored cursor
        await("a sync after the stored cursor", () -> !spotify.findAll(getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED))
                .withHeader("Authorization", equalTo("Bearer " + access))
                .withQueryParam("after", equalTo("1738669136412"))).isEmpty());
        spotify.verify(getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED)).withHeader("Authorization", equalTo("Bearer " + access))
                .withQueryParam("limit", equalTo("50")).withQueryParam("after", absent()));
        listener.api().when().get("/api/v1/me").then().statusCode(200)
                .body("spotifyConnected", org.hamcrest.Matchers.equalTo(true))
                .body("spotifySync.outcome", org.hamcrest.Matchers.equalTo("OK"));

        listener.api().when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.playedAt", contains("2025-02-04T11:38:56Z", "2025-02-04T11:34:17Z", "2025-02-04T11:29:02Z"))
                .body("items.msPlayed", contains(200_040, 233_712, 213_573))
                .body("items.trackUri", contains("spotify:track:0VjIjW4GlUZAMYd2vXMi3b", "spotify:track:7qiZfU4dY1lWllzX7mPBI3",
                        "spotify:track:4uLU6hMCjMI75M1A2tKUQC"))
                .body("items[0].artistName", org.hamcrest.Matchers.equalTo("The Weeknd"));

        // the user's export of the same plays, later: nothing new. As real exports do, it reports what the sync could
        // not know: Blinding Lights skipped after 95 s (stamped a second later), Shape of You cut short by crossfade.
        String export = "[" + String.join(",",
                exported("2025-02-04T11:38:57Z", 95_000, "0VjIjW4GlUZAMYd2vXMi3b", "Blinding Lights", "The Weeknd", "After Hours"),
                exported("2025-02-04T11:34:18Z", 231_900, "7qiZfU4dY1lWllzX7mPBI3", "Shape of You", "Ed Sheeran", "Divide"),
                exported("2025-02-04T11:29:02Z", 213_573, "4uLU6hMCjMI75M1A2tKUQC", "Never Gonna Give You Up", "Rick Astley",
                        "Whenever You Need Somebody")) + "]";
        String importId = listener.api().multiPart("file", "Streaming_History_Audio_2025.json",
                        export.getBytes(StandardCharsets.UTF_8), "application/json")
                .when().post("/api/v1/imports").then().statusCode(202).extract().path("importId");
        Map<String, Object> job = awaitImport(listener, importId);
        assertEquals("COMPLETED", job.get("status"), "import " + job);
        assertEquals(3, ((Number) job.get("recordsRead")).intValue());
        assertEquals(0, ((Number) job.get("recordsStored")).intValue(), "import " + job);
        assertEquals(3, ((Number) job.get("duplicates")).intValue());
        // the export's exact records replaced the sync's estimates
        listener.api().when().get("/api/v1/history").then().statusCode(200).body("items", hasSize(3))
                .body("items.playedAt", contains("2025-02-04T11:38:57Z", "2025-02-04T11:34:18Z", "2025-02-04T11:29:02Z"))
                .body("items.msPlayed", contains(95_000, 231_900, 213_573));
    }

    @Test
    void anExpiringAccessTokenIsRefreshedBeforeSpotifyIsCalled() {
        String access = "BQ-expiring-" + UUID.randomUUID();
        String refreshed = "BQ-refreshed-" + UUID.randomUUID();
        stubRecentlyPlayed(refreshed, null, page("""
                {"track": %s, "played_at": "2025-02-05T15:53:12.100Z", "context": null}""".formatted(
                track("3n3Ppam7vgaVa1iaRUc9Lp", "Mr. Brightside", "The Killers", "Hot Fuss", 222_075)), "1738770792100"));
        stubRecentlyPlayed(refreshed, "1738770792100", page("", null));
        String refreshToken = "AQ-expiring-" + UUID.randomUUID();
        spotify.stubFor(post(urlPathEqualTo("/api/token")).withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo(refreshToken))
                .willReturn(tokens(refreshed, null, 3600)));
        // Spotify grants 30 s: within the minute before expiry, so the sync refreshes before it calls
        Listener listener = signIn("expiring", access, refreshToken, 30);

        awaitMe(listener, "an OK sync", me -> "OK".equals(path(me, "spotifySync.outcome")));
        spotify.verify(postRequestedFor(urlPathEqualTo("/api/token")).withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo(listener.refreshToken())));
        assertTrue(spotify.findAll(getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED))
                .withHeader("Authorization", equalTo("Bearer " + access))).isEmpty(), "the expiring token was never used");
        listener.api().when().get("/api/v1/history").then().statusCode(200)
                .body("items.playedAt", contains("2025-02-05T15:53:12Z"));
    }

    @Test
    void aRevokedRefreshTokenAsksTheUserToReconnectAndStopsTheSyncUntilTheyDo() {
        String access = "BQ-revoked-" + UUID.randomUUID();
        String refreshToken = "AQ-revoked-" + UUID.randomUUID();
        spotify.stubFor(post(urlPathEqualTo("/api/token")).withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo(refreshToken))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Refresh token revoked\"}")));
        Listener listener = signIn("revoked", access, refreshToken, 30);

        Map<String, Object> me = awaitMe(listener, "RECONNECT_REQUIRED",
                m -> "RECONNECT_REQUIRED".equals(path(m, "spotifySync.outcome")));
        assertTrue(String.valueOf(path(me, "spotifySync.message")).contains("sign in with Spotify again"), "me " + me);
        int refreshes = spotify.findAll(postRequestedFor(urlPathEqualTo("/api/token"))
                .withFormParam("refresh_token", equalTo(listener.refreshToken()))).size();
        sleep(Duration.ofSeconds(8));   // more than two intervals: no sync tries the dead connection again
        assertEquals(refreshes, spotify.findAll(postRequestedFor(urlPathEqualTo("/api/token"))
                .withFormParam("refresh_token", equalTo(listener.refreshToken()))).size());
        assertTrue(spotify.findAll(getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED))
                .withHeader("Authorization", equalTo("Bearer " + access))).isEmpty());
    }

    @Test
    void aLongRetryAfterHoldsBackThatUserOnlyWhileOthersKeepSyncing() {
        String limitedAccess = "BQ-limited-" + UUID.randomUUID();
        spotify.stubFor(get(urlPathEqualTo(RECENTLY_PLAYED)).withHeader("Authorization", equalTo("Bearer " + limitedAccess))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7200")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"status\": 429, \"message\": \"API rate limit exceeded\"}}")));
        String otherAccess = "BQ-other-" + UUID.randomUUID();
        stubRecentlyPlayed(otherAccess, null, page("", null));
        Listener limited = signIn("limited", limitedAccess, 3600);
        Listener other = signIn("other", otherAccess, 3600);

        Map<String, Object> me = awaitMe(limited, "RATE_LIMITED", m -> "RATE_LIMITED".equals(path(m, "spotifySync.outcome")));
        Instant retryAfter = Instant.parse((String) path(me, "spotifySync.retryAfter"));
        assertTrue(retryAfter.isAfter(Instant.now().plus(Duration.ofMinutes(115))), "retryAfter " + retryAfter);
        assertEquals(retryAfter.toString(), path(me, "spotifySync.nextSyncAt"));

        // the other user is synced again and again meanwhile; the limited one is not called a second time
        await("three syncs of the other user", () -> spotify.findAll(getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED))
                .withHeader("Authorization", equalTo("Bearer " + otherAccess))).size() >= 3);
        assertEquals(1, spotify.findAll(getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED))
                .withHeader("Authorization", equalTo("Bearer " + limitedAccess))).size());
        other.api().when().get("/api/v1/me").then().statusCode(200).body("spotifySync.outcome", org.hamcrest.Matchers.equalTo("OK"));
    }

    // ---- Spotify's answers, in their real shapes

    private static void stubRecentlyPlayed(String accessToken, String after, String body) {
        var request = get(urlPathEqualTo(RECENTLY_PLAYED)).withHeader("Authorization", equalTo("Bearer " + accessToken))
                .withQueryParam("after", after == null ? absent() : equalTo(after));
        spotify.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body)));
    }

    private static String page(String items, String after) {
        String cursors = after == null ? "null" : "{\"after\": \"%s\", \"before\": \"%s\"}".formatted(after, after);
        return """
                {"href": "https://api.spotify.com/v1/me/player/recently-played?limit=50", "limit": 50,
                 "next": null, "cursors": %s, "items": [%s]}""".formatted(cursors, items);
    }

    private static String track(String id, String name, String artist, String album, long durationMs) {
        return """
                {"album": {"album_type": "album", "artists": [{"name": "%3$s", "type": "artist"}], "id": "al%1$s",
                  "name": "%4$s", "release_date": "2020-03-20", "total_tracks": 14, "type": "album",
                  "uri": "spotify:album:al%1$s"},
                 "artists": [{"external_urls": {"spotify": "https://open.spotify.com/artist/ar%1$s"}, "id": "ar%1$s",
                  "name": "%3$s", "type": "artist", "uri": "spotify:artist:ar%1$s"}],
                 "disc_number": 1, "duration_ms": %5$d, "explicit": false, "id": "%1$s", "is_local": false,
                 "name": "%2$s", "popularity": 80, "track_number": 1, "type": "track", "uri": "spotify:track:%1$s"}"""
                .formatted(id, name, artist, album, durationMs);
    }

    private static String exported(String ts, long ms, String id, String track, String artist, String album) {
        return """
                {"ts": "%s", "platform": "android", "ms_played": %d, "conn_country": "DE", "ip_addr": "0.0.0.0",
                 "master_metadata_track_name": "%s", "master_metadata_album_artist_name": "%s",
                 "master_metadata_album_album_name": "%s", "spotify_track_uri": "spotify:track:%s",
                 "episode_name": null, "episode_show_name": null, "spotify_episode_uri": null, "audiobook_title": null,
                 "audiobook_uri": null, "audiobook_chapter_uri": null, "audiobook_chapter_title": null,
                 "reason_start": "trackdone", "reason_end": "trackdone", "shuffle": false, "skipped": false,
                 "offline": false, "offline_timestamp": null, "incognito_mode": false}""".formatted(ts, ms, track, artist,
                album, id);
    }

    private static ResponseDefinitionBuilder tokens(String accessToken, String refreshToken, int expiresIn) {
        return aResponse().withHeader("Content-Type", "application/json").withBody("""
                {"access_token": "%s", "token_type": "Bearer",
                 "scope": "user-read-private user-read-recently-played playlist-modify-private playlist-modify-public",
                 "expires_in": %d%s}""".formatted(accessToken, expiresIn,
                refreshToken == null ? "" : ", \"refresh_token\": \"" + refreshToken + "\""));
    }

    // ---- the user's side

    /** Signs in with Spotify through the gateway (authorize, callback), Spotify granting these tokens. */
    private static Listener signIn(String name, String accessToken, int expiresIn) {
        return signIn(name, accessToken, "AQ-" + name + "-" + UUID.randomUUID(), expiresIn);
    }

    private static Listener signIn(String name, String accessToken, String refreshToken, int expiresIn) {
        String code = "code-" + UUID.randomUUID();
        String spotifyId = "fleet-" + name + "-" + UUID.randomUUID();
        spotify.stubFor(post(urlPathEqualTo("/api/token")).withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code", equalTo(code)).willReturn(tokens(accessToken, refreshToken, expiresIn)));
        spotify.stubFor(get(urlPathEqualTo("/v1/me")).withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"country": "DE", "display_name": "%2$s", "id": "%1$s", "product": "premium", "type": "user",
                         "uri": "spotify:user:%1$s", "images": [], "followers": {"href": null, "total": 0}}"""
                        .formatted(spotifyId, "Fleet " + name))));

        Response start = given().redirects().follow(false).when().get("/auth/spotify");
        start.then().statusCode(302);
        Map<String, String> authorize = formParams(URI.create(start.header("Location")).getRawQuery());
        Response callback = given().redirects().follow(false).queryParam("code", code)
                .queryParam("state", authorize.get("state")).cookie("echotune_signin", start.getCookie("echotune_signin"))
                .when().get("/auth/callback");
        callback.then().statusCode(302);
        String session = callback.getCookie("echotune_session");
        String csrf = callback.getCookie("echotune_csrf");
        assertNotNull(session);
        String userId = given().cookie("echotune_session", session).when().get("/api/v1/me")
                .then().statusCode(200).extract().path("userId");
        return new Listener(name, accessToken, refreshToken, userId, session, csrf);
    }

    private static Map<String, Object> awaitMe(Listener listener, String what, Predicate<Map<String, Object>> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, Object> me = Map.of();
        while (System.nanoTime() < deadline) {
            me = listener.api().when().get("/api/v1/me").then().statusCode(200).extract().jsonPath().getMap("");
            if (done.test(me)) {
                return me;
            }
            sleep(Duration.ofMillis(300));
        }
        return fail("no " + what + " within " + PATIENCE + "; last /api/v1/me " + me);
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + PATIENCE);
            }
            sleep(Duration.ofMillis(300));
        }
    }

    private static Map<String, Object> awaitImport(Listener listener, String importId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Map<String, Object> job = listener.api().when().get("/api/v1/imports/" + importId)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            if (List.of("COMPLETED", "FAILED").contains(job.get("status")) || System.nanoTime() > deadline) {
                return job;
            }
            sleep(Duration.ofMillis(300));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> json, String dotted) {
        Object at = json;
        for (String key : dotted.split("\\.")) {
            if (!(at instanceof Map)) {
                return null;
            }
            at = ((Map<String, Object>) at).get(key);
        }
        return at;
    }

    private static Map<String, String> formParams(String encoded) {
        Map<String, String> params = new HashMap<>();
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
