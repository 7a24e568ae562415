package io.echotune.recommender.rest;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.echotune.recommender.RecommendationQuestion;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/recommendations} (API.md "Recommendations"). Every field is optional; {@code count} 1-100
 * (default 20), {@code novelty} familiar|balanced|discover (default: the user's preference, else balanced),
 * {@code targets} by audio-feature name, {@code context} by the names of the context table (docs/recommender.md).
 * {@code era} bounds the release year (inclusive; a track of unknown year is left out too); {@code excludeTrackIds},
 * {@code excludeArtists} and {@code excludeGenres} leave tracks out (a conversation's "no more Drake", tracks already
 * shown). A field of no such name lands in {@code unknownFields} and is refused, so that {@code "limit": 10} for
 * {@code "count": 10} is a 400 naming it rather than an answer of the default size.
 */
@RegisterForReflection
public record RecommendationRequest(String prompt, Integer count, List<String> genres, List<String> seedArtists,
                                    List<String> seedTracks, Map<String, Target> targets, Context context,
                                    String novelty, Integer excludePlayedWithinDays, Era era,
                                    List<String> excludeTrackIds, List<String> excludeArtists,
                                    List<String> excludeGenres,
                                    @JsonAnySetter @Schema(hidden = true) Map<String, Object> unknownFields) {

    public static final List<String> FIELDS = fieldsOf(RecommendationRequest.class);

    /** A wanted range of one feature in its own units (ratios 0-1, tempo BPM, loudness dB) and a value to aim for. */
    @RegisterForReflection
    public record Target(Double min, Double max, Double target,
                         @JsonAnySetter @Schema(hidden = true) Map<String, Object> unknownFields) {
        public static final List<String> FIELDS = fieldsOf(Target.class);
    }

    @RegisterForReflection
    public record Context(String activity, String mood, String timeOfDay,
                         @JsonAnySetter @Schema(hidden = true) Map<String, Object> unknownFields) {
        public static final List<String> FIELDS = fieldsOf(Context.class);
    }

    /** Release years, inclusive; either side may be left open. */
    @RegisterForReflection
    public record Era(Integer from, Integer to,
                      @JsonAnySetter @Schema(hidden = true) Map<String, Object> unknownFields) {
        public static final List<String> FIELDS = fieldsOf(Era.class);
    }

    /** A request record's JSON field names: its components (named as on the wire), less the collector of unknown ones. */
    static List<String> fieldsOf(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .filter(name -> !name.equals("unknownFields")).toList();
    }

    /** The question the service takes: every field as sent (nothing validated here), unknown fields by name. */
    public RecommendationQuestion toQuestion() {
        Map<String, RecommendationQuestion.Target> mappedTargets = null;
        if (targets != null) {
            mappedTargets = new LinkedHashMap<>();   // in the order sent; a target may be null
            for (Map.Entry<String, Target> e : targets.entrySet()) {
                Target t = e.getValue();
                mappedTargets.put(e.getKey(), t == null ? null
                        : new RecommendationQuestion.Target(t.min(), t.max(), t.target(), names(t.unknownFields())));
            }
        }
        return new RecommendationQuestion(prompt, count, genres, seedArtists, seedTracks, mappedTargets,
                context == null ? null : new RecommendationQuestion.Context(context.activity(), context.mood(),
                        context.timeOfDay(), names(context.unknownFields())),
                novelty, excludePlayedWithinDays,
                era == null ? null : new RecommendationQuestion.Era(era.from(), era.to(), names(era.unknownFields())),
                excludeTrackIds, excludeArtists, excludeGenres, names(unknownFields));
    }

    private static List<String> names(Map<String, Object> unknownFields) {
        return unknownFields == null ? null : List.copyOf(unknownFields.keySet());
    }

    public static RecommendationRequest empty() {
        return new RecommendationRequest(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }
}
