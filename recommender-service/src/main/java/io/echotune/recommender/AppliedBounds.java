package io.echotune.recommender;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * What every track of an answer fits, beyond the release years and exclusions the interpretation states on their own
 * (docs/recommender.md, "The request is a contract").
 *
 * @param features         feature -> the raw range every track's value lies in: an explicit {@code targets} min/max
 *                         as given, a mood's or activity's range widened by {@code featureTolerance}
 * @param featureTolerance the tolerance (in 0..1 scaled units: tempo over 180 BPM, loudness over 60 dB) the moods'
 *                         and activities' ranges were widened by; null when none bounds the answer
 * @param genres           every track carries one of these catalog genres (the asked-for ones and their close
 *                         neighbours) or is by one of {@code artists}; empty when no genre was asked for
 * @param artists          the asked-for catalog artists whose tracks fit the genre bound whatever their tags
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AppliedBounds(Map<String, FeatureRange> features, Double featureTolerance, List<String> genres,
                            List<String> artists) {

    /** Inclusive, in the feature's raw units. */
    @RegisterForReflection
    public record FeatureRange(double min, double max) {
    }

    public boolean isEmpty() {
        return features.isEmpty() && genres.isEmpty();
    }
}
