package io.echotune.ingestion.catalog.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.music.catalog.AudioFeatures;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Features providers' answers in Redis under {@code ingestion:features:<provider>:<track id>}: the features as
 * JSON, or {@code {}} for "the provider does not know this track" (kept for a shorter time), so a track is not
 * asked for again while the answer holds. Best effort: a slow or unreachable Redis only means no cache.
 */
@ApplicationScoped
public class FeaturesCache {

    static final String PREFIX = "ingestion:features:";
    private static final Logger LOG = Logger.getLogger(FeaturesCache.class);
    private static final TypeReference<Map<String, Double>> VALUES = new TypeReference<>() { };

    private final ReactiveValueCommands<String, String> values;
    private final IngestionConfig.Cache config;
    private final ObjectMapper json;

    public FeaturesCache(ReactiveRedisDataSource redis, IngestionConfig config, ObjectMapper json) {
        this.values = redis.value(String.class, String.class);
        this.config = config.enrichment().cache();
        this.json = json;
    }

    /**
     * The cached answers for these ids: present with features (found) or with an empty Optional (the provider
     * did not know it); ids without an entry are absent from the map.
     */
    public Uni<Map<String, Optional<AudioFeatures>>> get(String provider, Collection<String> trackIds) {
        if (!config.enabled() || trackIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> ids = List.copyOf(trackIds);
        String[] keys = ids.stream().map(id -> key(provider, id)).toArray(String[]::new);
        return values.mget(keys)
                .ifNoItem().after(config.timeout()).fail()
                .map(found -> {
                    Map<String, Optional<AudioFeatures>> answers = new HashMap<>();
                    for (int i = 0; i < ids.size(); i++) {
                        String value = found.get(keys[i]);
                        Optional<Optional<AudioFeatures>> answer = value == null ? Optional.empty() : read(value);
                        if (answer.isPresent()) {
                            answers.put(ids.get(i), answer.get());
                        }
                    }
                    return answers;
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Features cache read skipped: %s", e.toString());
                    return Map.of();
                });
    }

    /** Caches a provider's answer for these ids: the found features, and "unknown" for the rest. */
    public Uni<Void> put(String provider, Collection<String> asked, Map<String, AudioFeatures> found) {
        if (!config.enabled() || asked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> writes = new ArrayList<>();
        for (String id : asked) {
            AudioFeatures features = found.get(id);
            String value = features == null ? "{}" : write(features);
            SetArgs expiry = new SetArgs().px(features == null ? config.missTtl() : config.ttl());
            writes.add(values.set(key(provider, id), value, expiry));
        }
        return Uni.join().all(writes).andCollectFailures()
                .ifNoItem().after(config.timeout()).fail()
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Features cache write skipped: %s", e.toString());
                    return null;
                });
    }

    private static String key(String provider, String trackId) {
        return PREFIX + provider + ":" + trackId;
    }

    private String write(AudioFeatures features) {
        try {
            return json.writeValueAsString(features.asMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empty when the entry is unreadable (written by another version): then it counts as no entry. */
    private Optional<Optional<AudioFeatures>> read(String value) {
        try {
            Map<String, Double> map = json.readValue(value, VALUES);
            return Optional.of(map.isEmpty() ? Optional.empty() : Optional.of(AudioFeatures.fromMap(map)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
