package io.echotune.ingestion.catalog.client;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.catalog.AudioFeatures;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ReccoBeats' public API (free, keyless): {@code GET /v1/audio-features?ids=<id>&ids=<id>...} with up to 40 Spotify
 * track ids answers {@code {"content": [{"id": "<ReccoBeats uuid>", "href": "https://open.spotify.com/track/<id>",
 * "acousticness", "danceability", "energy", "instrumentalness", "key", "liveness", "loudness", "mode",
 * "speechiness", "tempo", "valence"}]}}. Tracks it does not know are left out of {@code content} (not null), and
 * rows are not in request order, so each row is matched to the asked id through its Spotify {@code href}.
 */
@ApplicationScoped
public class ReccoBeatsClient implements FeaturesProvider {

    public static final String NAME = "reccobeats";
    private static final Pattern TRACK_HREF = Pattern.compile("/track/([0-9A-Za-z]{22})");

    private final IngestionConfig.ReccoBeats config;
    private final WebClient client;

    public ReccoBeatsClient(Vertx vertx, IngestionConfig config) {
        this.config = config.enrichment().reccobeats();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("echotune-ingestion")
                .setConnectTimeout(5_000)
                .setKeepAlive(true));
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
        return config.enabled();
    }

    @Override
    public int batchSize() {
        return Math.max(1, Math.min(40, config.batchSize()));
    }

    @Override
    public Uni<Map<String, AudioFeatures>> features(List<String> trackIds) {
        HttpRequest<Buffer> request = client.getAbs(trimmed(config.baseUrl()) + "/v1/audio-features")
                .timeout(config.timeout().toMillis())
                .putHeader("Accept", "application/json");
        for (String id : trackIds) {
            request.addQueryParam("ids", id);
        }
        Set<String> asked = new HashSet<>(trackIds);
        return ProviderHttp.send(NAME, request.send()).map(json -> {
            if (!(json.getValue("content") instanceof JsonArray content)) {
                throw ProviderHttp.malformed(NAME, "no content list");
            }
            Map<String, AudioFeatures> found = new HashMap<>();
            for (Object row : content) {
                if (row instanceof JsonObject item && item.getValue("href") instanceof String href) {
                    Matcher m = TRACK_HREF.matcher(href);
                    String id = m.find() ? SpotifyTrackIds.parse(m.group(1)).orElse(null) : null;
                    AudioFeatures features = ProviderHttp.features(item);
                    if (id != null && asked.contains(id) && !features.isEmpty()) {
                        found.put(id, features);
                    }
                }
            }
            return found;
        });
    }

    static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
