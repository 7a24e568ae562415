package io.echotune.playlist.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What every playlist test runs against, set up before the application starts (one resource, so all test classes
 * share one application): the {@link TestCatalog} in MongoDB, and the recommender, the gateway's internal
 * endpoints (Spotify token, delegations) and the Spotify Web API stubbed at the HTTP level.
 */
public class PlaylistTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String DELEGATIONS_PATH = "/internal/v1/delegations";
    public static final String EXCHANGE_PATH = "/internal/v1/delegations/exchange";
    /** The service key the test profile configures (echotune.playlist.service-key). */
    public static final String SERVICE_KEY = "test-playlist-service-key-0123456789abcdef";

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
        stubDelegations(gateway);
        spotify = new WireMockServer(wireMockConfig().dynamicPort());
        spotify.start();
        return Map.of("quarkus.rest-client.recommender.url", recommender.baseUrl(),
                "quarkus.rest-client.gateway.url", gateway.baseUrl(),
                "quarkus.rest-client.spotify-api.url", spotify.baseUrl(),
                // over ECHOTUNE_PLAYLIST_SERVICE_KEY, which `make test` exports from its stack's env file
                "echotune.playlist.service-key", SERVICE_KEY);
    }

    @Override
    public void stop() {
        for (WireMockServer server : new WireMockServer[] {recommender, gateway, spotify}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    /**
     * The gateway's {@code POST /internal/v1/delegations} for any internal token: a delegation for the playlist named
     * in the body. The value is opaque to this service (at the gateway it is a JWT); here it is
     * {@link #delegationFor(String)}, so that a test can stub the exchange of one playlist's delegation.
     */
    private static void stubDelegations(WireMockServer gateway) {
        gateway.stubFor(post(urlEqualTo(DELEGATIONS_PATH)).atPriority(10)
                .withHeader("Authorization", matching("Bearer .+"))
                .withRequestBody(matchingJsonPath("$.purpose", equalTo("playlist-refresh")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("Cache-Control", "no-store")
                        .withBody("{\"delegation\":\"test-delegation-for-{{jsonPath request.body '$.resource'}}\","
                                + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}")
                        .withTransformers("response-template")));
    }

    /** The delegation the stubbed gateway issues for a playlist. */
    public static String delegationFor(String playlistId) {
        return "test-delegation-for-" + playlistId;
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
