package io.echotune.playlist.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What every playlist test runs against, set up before the application starts (one resource, so all test classes
 * share one application): the {@link TestCatalog} in MongoDB, and the recommender, the gateway's internal
 * Spotify token endpoint and the Spotify Web API stubbed at the HTTP level.
 */
public class PlaylistTestEnvironment implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer recommender;
    private static WireMockServer gateway;
    private static WireMockServer spotify;

    @Override
    public Map<String, String> start() {
        String mongo = System.getenv("ECHOTUNE_MONGODB_URI");
        if (mongo == null || mongo.isBlank()) {
            throw new IllegalStateException("ECHOTUNE_MONGODB_URI is not set: start the servers (make infra-up) and "
                    + "source their env file first");
        }
        TestCatalog.install(mongo);
        recommender = new WireMockServer(wireMockConfig().dynamicPort().extensions(new RecommenderStub()));
        recommender.start();
        RecommenderStub.install(recommender);
        gateway = new WireMockServer(wireMockConfig().dynamicPort());
        gateway.start();
        spotify = new WireMockServer(wireMockConfig().dynamicPort());
        spotify.start();
        return Map.of("quarkus.rest-client.recommender.url", recommender.baseUrl(),
                "quarkus.rest-client.gateway.url", gateway.baseUrl(),
                "quarkus.rest-client.spotify-api.url", spotify.baseUrl());
    }

    @Override
    public void stop() {
        for (WireMockServer server : new WireMockServer[] {recommender, gateway, spotify}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    public static WireMockServer recommender() {
        return recommender;
    }

    /** The gateway's internal Spotify token endpoint, stubbed per test. */
    public static WireMockServer gateway() {
        return gateway;
    }

    /** The Spotify Web API, stubbed per test (SpotifyStub). */
    public static WireMockServer spotify() {
        return spotify;
    }
}
