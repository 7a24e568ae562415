package io.echotune.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** Spotify's accounts service and Web API, stubbed at the HTTP level with their real shapes. */
public class SpotifyStub implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of(
                "echotune.gateway.spotify.client-id", "echotune-test-client",
                "echotune.gateway.spotify.accounts-url", server.baseUrl(),
                "quarkus.rest-client.spotify-api.url", server.baseUrl(),
                "echotune.gateway.token-encryption-key", Base64.getEncoder().encodeToString(key));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Spotify's token endpoint answering the exchange of {@code code} (any code when null) with these tokens. */
    static void stubCodeExchange(String code, String accessToken, String refreshToken) {
        var request = post(urlPathEqualTo("/api/token")).withFormParam("grant_type", equalTo("authorization_code"));
        if (code != null) {
            request = request.withFormParam("code", equalTo(code));
        }
        server.stubFor(request.willReturn(tokens(accessToken, refreshToken)));
    }

    /** A token endpoint answer in Spotify's shape. */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokens(String accessToken, String refreshToken) {
        return aResponse().withHeader("Content-Type", "application/json").withBody("""
                {"access_token": "%s", "token_type": "Bearer",
                 "scope": "user-read-private playlist-modify-private playlist-modify-public",
                 "expires_in": 3600, "refresh_token": "%s"}""".formatted(accessToken, refreshToken));
    }

    /** GET /v1/me for the holder of {@code accessToken} (any token when null): a premium user with this id. */
    static void stubProfile(String accessToken, String spotifyUserId, String displayName) {
        var request = get(urlPathEqualTo("/v1/me"));
        if (accessToken != null) {
            request = request.withHeader("Authorization", equalTo("Bearer " + accessToken));
        }
        server.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                {"country": "DE", "display_name": "%2$s", "explicit_content": {"filter_enabled": false},
                 "external_urls": {"spotify": "https://open.spotify.com/user/%1$s"}, "followers": {"href": null, "total": 3},
                 "href": "https://api.spotify.com/v1/users/%1$s", "id": "%1$s", "images": [], "product": "premium",
                 "type": "user", "uri": "spotify:user:%1$s"}""".formatted(spotifyUserId, displayName))));
    }
}
