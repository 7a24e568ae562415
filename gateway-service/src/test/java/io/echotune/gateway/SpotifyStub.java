package io.echotune.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

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
}
