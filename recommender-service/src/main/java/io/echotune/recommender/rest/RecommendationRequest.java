package io.echotune.recommender.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/recommendations} (API.md "Recommendations"). Every field is optional; {@code count} 1-100
 * (default 20), {@code novelty} familiar|balanced|discover (default: the user's preference, else balanced),
 * {@code targets} by audio-feature name, {@code context} by the names of the context table (docs/recommender.md).
 */
@RegisterForReflection
public record RecommendationRequest(String prompt, Integer count, List<String> genres, List<String> seedArtists,
                                    List<String> seedTracks, Map<String, Target> targets, Context context,
                                    String novelty, Integer excludePlayedWithinDays) {

    /** A wanted range of one feature in its own units (ratios 0-1, tempo BPM, loudness dB) and a value to aim for. */
    @RegisterForReflection
    public record Target(Double min, Double max, Double target) {
    }

    @RegisterForReflection
    public record Context(String activity, String mood, String timeOfDay) {
    }

    public static RecommendationRequest empty() {
        return new RecommendationRequest(null, null, null, null, null, null, null, null, null);
    }
}
