package io.echotune.ingestion.catalog.enrichment;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Event types and payloads of echotune.enrichment-requests and echotune.track-features (docs/events.md). */
public final class EnrichmentEvents {

    /** One unique track of a completed import, keyed by its track key. */
    public static final String REQUESTED = "enrichment.requested";
    /** Audio features (and genres) of a track were found; keyed by track id, userId null. */
    public static final String FEATURES_RESOLVED = "track.features-resolved";

    private EnrichmentEvents() {
    }

    /** The track as the import saw it: its key (URI or name key) and the names of the first record that played it. */
    @RegisterForReflection
    public record Requested(String trackKey, String trackName, String artistName, String albumName, UUID importId) {
    }

    /** {@code features} holds the values known (missing ones are absent, never invented). */
    @RegisterForReflection
    public record FeaturesResolved(String trackId, String source, List<String> genres, Map<String, Double> features) {
    }
}
