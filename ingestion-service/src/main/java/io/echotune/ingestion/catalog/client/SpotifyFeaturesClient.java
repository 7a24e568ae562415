package io.echotune.ingestion.catalog.client;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.catalog.AudioFeatures;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spotify's {@code GET /v1/audio-features?ids=<id>,<id>...} (up to 100 ids; {@code {"audio_features": [{..., "id"}
 * or null]}}), with an app token from the client-credentials grant ({@code POST /api/token} on the accounts
 * service, HTTP Basic with the client id and secret). Spotify stopped serving audio features to apps created after
 * 2024-11-27: such an app gets 403, which counts as a failure and soon opens this provider's breaker. The token is
 * kept until shortly before it expires; a 401 drops it, so the next call fetches a new one.
 */
@ApplicationScoped
public class SpotifyFeaturesClient implements FeaturesProvider {

    public static final String NAME = "spotify";
    private static final Logger LOG = Logger.getLogger(SpotifyFeaturesClient.class);
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);

    private record AppToken(String value, Instant expiresAt) {
    }

    private final IngestionConfig.Spotify config;
    private final WebClient client;
    private volatile AppToken token;

    public SpotifyFeaturesClient(Vertx vertx, IngestionConfig config) {
        this.config = config.enrichment().spotify();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("echotune-ingestion")
                .setConnectTimeout(5_000)
                .setKeepAlive(true));
        if (this.config.enabled() && !credentialsPresent()) {
            LOG.warn("The Spotify features provider is enabled but has no client id and secret: it stays off");
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return config.enabled() && credentialsPresent();
    }

    @Override
    public int batchSize() {
        return Math.max(1, Math.min(100, config.batchSize()));
    }

    private boolean credentialsPresent() {
        return config.clientId().filter(s -> !s.isBlank()).isPresent()
                && config.clientSecret().filter(s -> !s.isBlank()).isPresent();
    }

    @Override
    public Uni<Map<String, AudioFeatures>> features(List<String> trackIds) {
        Set<String> asked = new HashSet<>(trackIds);
        return token().chain(bearer -> ProviderHttp.send(NAME, client
                        .getAbs(ReccoBeatsClient.trimmed(config.baseUrl()) + "/v1/audio-features")
                        .addQueryParam("ids", String.join(",", trackIds))
                        .timeout(config.timeout().toMillis())
                        .putHeader("Accept", "application/json")
                        .putHeader("Authorization", "Bearer " + bearer)
                        .send()
                        .invoke(response -> {
                            if (response.statusCode() == 401) {
                                token = null;   // expired or revoked: the next call asks for a new one
                            }
                        })))
                .map(json -> {
                    if (!(json.getValue("audio_features") instanceof JsonArray items)) {
                        throw ProviderHttp.malformed(NAME, "no audio_features list");
                    }
                    Map<String, AudioFeatures> found = new HashMap<>();
                    for (Object row : items) {
                        if (row instanceof JsonObject item && item.getValue("id") instanceof String raw) {
                            String id = SpotifyTrackIds.parse(raw).orElse(null);
                            AudioFeatures features = ProviderHttp.features(item);
                            if (id != null && asked.contains(id) && !features.isEmpty()) {
                                found.put(id, features);
                            }
                        }
                    }
                    return found;
                });
    }

    /** The app token, fetched with the client-credentials grant when there is none or it is about to expire. */
    private Uni<String> token() {
        AppToken held = token;
        if (held != null && Instant.now().isBefore(held.expiresAt())) {
            return Uni.createFrom().item(held.value());
        }
        String basic = Base64.getEncoder().encodeToString((config.clientId().orElse("") + ":"
                + config.clientSecret().orElse("")).getBytes(StandardCharsets.UTF_8));
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials");
        return ProviderHttp.send(NAME, client.postAbs(ReccoBeatsClient.trimmed(config.accountsUrl()) + "/api/token")
                        .timeout(config.timeout().toMillis())
                        .putHeader("Authorization", "Basic " + basic)
                        .putHeader("Accept", "application/json")
                        .sendForm(form))
                .map(json -> {
                    String value = json.getString("access_token");
                    if (value == null || value.isBlank()) {
                        throw ProviderHttp.malformed(NAME, "the token answer has no access_token");
                    }
                    long seconds = json.getLong("expires_in", 3600L);
                    token = new AppToken(value, Instant.now().plusSeconds(seconds).minus(TOKEN_MARGIN));
                    return value;
                });
    }
}
