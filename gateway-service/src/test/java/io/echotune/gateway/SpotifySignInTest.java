package io.echotune.gateway;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.agroal.api.AgroalDataSource;
import io.echotune.gateway.service.TokenCipher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(SpotifyStub.class)
class SpotifySignInTest {

    private static final String ACCESS_TOKEN = "BQ-access-token-from-spotify";
    private static final String REFRESH_TOKEN = "AQ-refresh-token-from-spotify";

    @Inject
    AgroalDataSource database;

    @Inject
    TokenCipher cipher;

    private String spotifyUserId;

    @BeforeEach
    void stubSpotify() {
        spotifyUserId = "listener-" + UUID.randomUUID();
        SpotifyStub.server.resetAll();
        SpotifyStub.stubCodeExchange("good-code", ACCESS_TOKEN, REFRESH_TOKEN);
        SpotifyStub.server.stubFor(post(urlPathEqualTo("/api/token"))
                .withFormParam("code", equalTo("stale-code"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Invalid authorization code\"}")));
        SpotifyStub.stubProfile(ACCESS_TOKEN, spotifyUserId, "Ada Lovelace");
    }

    /** A sign-in started in one browser: the authorize redirect's parameters and that browser's pre-auth cookie. */
    private record Started(Map<String, String> authorize, String binding) {
        String state() {
            return authorize.get("state");
        }
    }

    @Test
    void theSignInScreenIsToldSpotifyIsOffered() {
        // a client id and the token-encryption key are configured here (the web app then shows "Sign in with Spotify")
        given().when().get("/auth/methods").then().statusCode(200)
                .body("spotify", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void signInWithSpotifyUsesPkceAndOpensASession() throws Exception {
        Started started = startSignIn();
        Map<String, String> authorize = started.authorize();
        assertEquals("code", authorize.get("response_type"));
        assertEquals("echotune-test-client", authorize.get("client_id"));
        assertEquals("S256", authorize.get("code_challenge_method"));

        String session = finishSignIn("good-code", started);

        given().cookie("echotune_session", session).when().get("/api/v1/me")
                .then().statusCode(200)
                .body("displayName", org.hamcrest.Matchers.equalTo("Ada Lovelace"))
                .body("spotifyConnected", org.hamcrest.Matchers.equalTo(true));

        List<LoggedRequest> exchanges = SpotifyStub.server.findAll(postRequestedFor(urlPathEqualTo("/api/token")));
        String verifier = formParams(exchanges.get(0).getBodyAsString()).get("code_verifier");
        byte[] challenge = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(challenge), authorize.get("code_challenge"),
                "the code verifier sent to Spotify matches the challenge of the authorize redirect");
    }

    @Test
    void spotifyTokensAreStoredEncrypted() throws Exception {
        finishSignIn("good-code", startSignIn());
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "select spotify_access_token, spotify_refresh_token from gateway.users where spotify_user_id = ?")) {
            q.setString(1, spotifyUserId);
            try (ResultSet row = q.executeQuery()) {
                assertTrue(row.next());
                byte[] access = row.getBytes(1);
                assertFalse(new String(access, StandardCharsets.ISO_8859_1).contains(ACCESS_TOKEN));
                assertEquals(ACCESS_TOKEN, cipher.decrypt(access));
                assertEquals(REFRESH_TOKEN, cipher.decrypt(row.getBytes(2)));
            }
        }
    }

    @Test
    void signingInAgainReturnsTheSameAccount() {
        String first = finishSignIn("good-code", startSignIn());
        String second = finishSignIn("good-code", startSignIn());
        String firstId = given().cookie("echotune_session", first).get("/api/v1/me").then().extract().path("userId");
        String secondId = given().cookie("echotune_session", second).get("/api/v1/me").then().extract().path("userId");
        assertEquals(firstId, secondId);
    }

    @Test
    void aStateWorksOnlyOnce() {
        Started started = startSignIn();
        finishSignIn("good-code", started);
        given().redirects().follow(false).queryParam("code", "good-code").queryParam("state", started.state())
                .cookie("echotune_signin", started.binding())
                .when().get("/auth/callback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("expired or was already used"));
    }

    @Test
    void aCodeSpotifyRejectsGivesA400AndNoSession() {
        Started started = startSignIn();
        given().redirects().follow(false).queryParam("code", "stale-code").queryParam("state", started.state())
                .cookie("echotune_signin", started.binding())
                .when().get("/auth/callback")
                .then().statusCode(400).contentType("application/problem+json")
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aDeniedSignInIsExplained() {
        Started started = startSignIn();
        given().redirects().follow(false).queryParam("error", "access_denied").queryParam("state", started.state())
                .cookie("echotune_signin", started.binding())
                .when().get("/auth/callback")
                .then().statusCode(400).body("detail", containsString("access_denied"));
    }

    @Test
    void aCallbackFromABrowserThatDidNotStartTheSignInIsRefused() {
        // Login CSRF: the attacker starts a sign-in, gets Spotify's code for their own account, and sends the
        // callback link to a victim. The victim's browser lacks the attacker's pre-auth cookie.
        Started attackers = startSignIn();
        given().redirects().follow(false).queryParam("code", "good-code").queryParam("state", attackers.state())
                .when().get("/auth/callback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("started in another browser"))
                .header("Set-Cookie", org.hamcrest.Matchers.not(containsString("echotune_session=")));
    }

    @Test
    void aCallbackCarryingAnotherSignInsCookieIsRefused() {
        Started attackers = startSignIn();
        Started victims = startSignIn();
        given().redirects().follow(false).queryParam("code", "good-code").queryParam("state", attackers.state())
                .cookie("echotune_signin", victims.binding())
                .when().get("/auth/callback")
                .then().statusCode(400).body("detail", containsString("started in another browser"));
        // The victim's own sign-in still works.
        finishSignIn("good-code", victims);
    }

    @Test
    void thePreAuthCookieIsHttpOnlyLaxAndScopedToTheSignInRoutes() {
        String setCookie = given().redirects().follow(false).when().get("/auth/spotify")
                .then().statusCode(302).extract().header("Set-Cookie");
        assertTrue(setCookie.startsWith("echotune_signin="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=lax"), setCookie);
        assertTrue(setCookie.contains("Path=/auth"), setCookie);
    }

    private static Started startSignIn() {
        Response response = given().redirects().follow(false).when().get("/auth/spotify");
        response.then().statusCode(302);
        URI uri = URI.create(response.header("Location"));
        assertEquals("/authorize", uri.getPath());
        String binding = response.getCookie("echotune_signin");
        assertTrue(binding != null && binding.length() >= 43, "the browser gets a pre-auth cookie with a 256-bit secret");
        return new Started(formParams(uri.getRawQuery()), binding);
    }

    private static String finishSignIn(String code, Started started) {
        Response response = given().redirects().follow(false).queryParam("code", code).queryParam("state", started.state())
                .cookie("echotune_signin", started.binding())
                .when().get("/auth/callback");
        response.then().statusCode(302).header("Location", org.hamcrest.Matchers.endsWith("/chat"));
        return response.getCookie("echotune_session");
    }

    private static Map<String, String> formParams(String encoded) {
        Map<String, String> params = new HashMap<>();
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }
}
