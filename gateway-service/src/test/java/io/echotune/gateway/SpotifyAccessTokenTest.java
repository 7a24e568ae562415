package io.echotune.gateway;

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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The internal endpoint services call to act on Spotify for a user: the decrypted access token, refreshed with the
 * stored refresh token when expired, only for a gateway-signed internal token.
 */
@QuarkusTest
@WithTestResource(SpotifyStub.class)
class SpotifyAccessTokenTest {

    private static final String PATH = "/internal/v1/spotify/access-token";
    private static final String ACCESS_TOKEN = "BQ-access-token-for-services";
    private static final String REFRESH_TOKEN = "AQ-refresh-token-for-services";
    private static final String REFRESHED_ACCESS = "BQ-refreshed-access-token";
    private static final String ROTATED_REFRESH = "AQ-rotated-refresh-token";

    @Inject
    AgroalDataSource database;

    @Inject
    TokenCipher cipher;

    private String spotifyUserId;

    @BeforeEach
    void stubSpotify() {
        spotifyUserId = "listener-" + UUID.randomUUID();
        SpotifyStub.server.resetAll();
        SpotifyStub.stubCodeExchange(null, ACCESS_TOKEN, REFRESH_TOKEN);
        SpotifyStub.server.stubFor(post(urlPathEqualTo("/api/token"))
                .withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo(REFRESH_TOKEN))
                .withFormParam("client_id", equalTo("echotune-test-client"))
                .willReturn(SpotifyStub.tokens(REFRESHED_ACCESS, ROTATED_REFRESH)));
        SpotifyStub.stubProfile(null, spotifyUserId, "Grace Hopper");
    }

    @Test
    void aValidInternalTokenGetsTheUsersDecryptedAccessToken() {
        String userId = signInWithSpotify();

        given().header("Authorization", "Bearer " + forUser(userId)).when().get(PATH)
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("accessToken", org.hamcrest.Matchers.equalTo(ACCESS_TOKEN))
                .body("expiresAt", org.hamcrest.Matchers.notNullValue());
        SpotifyStub.server.verify(0, postRequestedFor(urlPathEqualTo("/api/token"))
                .withFormParam("grant_type", equalTo("refresh_token")));
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnceAndStoredEncrypted() throws Exception {
        String userId = signInWithSpotify();
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(
                "update gateway.users set spotify_token_expires_at = now() - interval '1 minute' where id = ?")) {
            q.setObject(1, UUID.fromString(userId));
            assertEquals(1, q.executeUpdate());
        }

        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + forUser(userId)).when().get(PATH)
                    .then().statusCode(200)
                    .body("accessToken", org.hamcrest.Matchers.equalTo(REFRESHED_ACCESS));
        }

        SpotifyStub.server.verify(1, postRequestedFor(urlPathEqualTo("/api/token"))
                .withFormParam("grant_type", equalTo("refresh_token")));
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(
                "select spotify_access_token, spotify_refresh_token, spotify_token_expires_at > now() from gateway.users where id = ?")) {
            q.setObject(1, UUID.fromString(userId));
            try (ResultSet row = q.executeQuery()) {
                assertTrue(row.next());
                assertEquals(REFRESHED_ACCESS, cipher.decrypt(row.getBytes(1)));
                assertEquals(ROTATED_REFRESH, cipher.decrypt(row.getBytes(2)), "a rotated refresh token is kept");
                assertTrue(row.getBoolean(3));
            }
        }
    }

    @Test
    void aUserWithoutSpotifyIsNotFound() {
        Users.SignedUp local = Users.createDefaultUser();
        given().header("Authorization", "Bearer " + forUser(local.userId())).when().get(PATH)
                .then().statusCode(404);
    }

    @Test
    void onlyInternalTokensAreAccepted() {
        Users.SignedUp local = Users.createDefaultUser();
        given().when().get(PATH).then().statusCode(401);
        given().header("Authorization", local.bearer()).when().get(PATH).then().statusCode(401);
        given().cookie("echotune_session", local.sessionCookie()).when().get(PATH).then().statusCode(401);
        given().header("Authorization", "Bearer not.a.jwt").when().get(PATH).then().statusCode(401);
    }

    /** The real sign-in flow against the stub; answers the new user's id. */
    private String signInWithSpotify() {
        Response start = given().redirects().follow(false).when().get("/auth/spotify");
        start.then().statusCode(302);
        Map<String, String> authorize = formParams(URI.create(start.header("Location")).getRawQuery());
        Response callback = given().redirects().follow(false).queryParam("code", "good-code")
                .queryParam("state", authorize.get("state")).cookie("echotune_signin", start.getCookie("echotune_signin"))
                .when().get("/auth/callback");
        callback.then().statusCode(302);
        return given().cookie("echotune_session", callback.getCookie("echotune_session")).when().get("/api/v1/me")
                .then().statusCode(200).extract().path("userId");
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
