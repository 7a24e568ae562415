package io.echotune.ingestion.catalog.client;

import io.echotune.commons.music.catalog.AudioFeatures;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/**
 * A remote source of audio features for Spotify track ids, asked only for tracks the catalog cannot resolve.
 * Implementations make exactly one HTTP call per {@link #features} call (no retries: the enrichment worker owns
 * the breaker, the Retry-After pauses and the cache; see enrichment/FeaturesProviders).
 */
public interface FeaturesProvider {

    /** The name in configuration, in {@code tracks.sources}, in breaker and cache names: {@code reccobeats}. */
    String name();

    /** Whether it is configured to be called at all (all providers are off by default). */
    boolean enabled();

    /** The most ids one call may carry. */
    int batchSize();

    /**
     * The features of those of the ids the provider knows (at most {@link #batchSize()}); an id it does not know
     * is simply absent. Fails with {@link FeaturesProviderException}.
     */
    Uni<Map<String, AudioFeatures>> features(List<String> trackIds);
}
