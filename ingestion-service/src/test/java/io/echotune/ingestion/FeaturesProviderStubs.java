package io.echotune.ingestion;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * ReccoBeats and Spotify (accounts service and Web API) stubbed at the HTTP level with their real shapes, one
 * WireMock server with one path prefix each; both providers enabled against it. By default they know no track
 * (ReccoBeats {@code {"content": []}}, Spotify {@code {"audio_features": [null]}}); tests add what they need.
 * <p>
 * The enrichment requests of this app go to a topic of their own (created here, deleted afterwards) and a consumer
 * group of its own, so requests other test classes left on echotune.enrichment-requests never reach the stubs.
 */
public class FeaturesProviderStubs implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "echotune-test-app";
    static final String CLIENT_SECRET = "test-secret-not-real";
    static final String APP_TOKEN = "BQD-test-app-token";
    private static WireMockServer server;
    private String topic;

    static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        defaults();
        String base = "http://localhost:" + server.port();
        String run = UUID.randomUUID().toString();
        topic = "echotune.enrichment-requests.test-" + run;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the test topic " + topic, e);
        }
        return Map.ofEntries(
                Map.entry("echotune.ingestion.enrichment.request-topic", topic),
                Map.entry("echotune.ingestion.enrichment.worker-group", "ingestion-enrichment-test-" + run),
                Map.entry("echotune.ingestion.enrichment.reccobeats.enabled", "true"),
                Map.entry("echotune.ingestion.enrichment.reccobeats.base-url", base + "/reccobeats"),
                Map.entry("echotune.ingestion.enrichment.spotify.enabled", "true"),
                Map.entry("echotune.ingestion.enrichment.spotify.base-url", base + "/spotify-api"),
                Map.entry("echotune.ingestion.enrichment.spotify.accounts-url", base + "/spotify-accounts"),
                Map.entry("echotune.ingestion.enrichment.spotify.client-id", CLIENT_ID),
                Map.entry("echotune.ingestion.enrichment.spotify.client-secret", CLIENT_SECRET),
                // one id per Spotify call, so that a handful of tracks makes enough calls to trip the breaker
                Map.entry("echotune.ingestion.enrichment.spotify.batch-size", "1"));
    }

    /** Nothing known; the app token is issued. Lowest priority, so tests' own stubs win. */
    static void defaults() {
        server.stubFor(get(urlPathEqualTo("/reccobeats/v1/audio-features")).atPriority(10)
                .willReturn(okJson("{\"content\":[]}")));
        server.stubFor(get(urlPathEqualTo("/spotify-api/v1/audio-features")).atPriority(10)
                .willReturn(okJson("{\"audio_features\":[null]}")));
        server.stubFor(post(urlPathEqualTo("/spotify-accounts/api/token")).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + APP_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    @Override
    public void stop() {
        if (topic != null) {
            try (Admin admin = admin()) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("Could not delete the test topic " + topic + ": " + e);
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("ECHOTUNE_KAFKA_BOOTSTRAP", "localhost:19092")));
    }
}
