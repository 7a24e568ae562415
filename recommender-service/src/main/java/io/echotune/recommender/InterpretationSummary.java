package io.echotune.recommender;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * How a request was read. {@code source}: {@code llm-router} (the prompt was interpreted by the router),
 * {@code structured} (no prompt), {@code structured-only} (the router could not be reached: only the request's fields
 * and the local semantic match were used; {@code note} says so). The rest is what the ranking actually used:
 * genres, artists, tracks, moods, activities, time of day, novelty, count, feature targets (after the context table
 * and explicit overrides), the genres the prompt matched semantically, the release years every track must fall in
 * ({@code era}, from the request or a whole-year era the prompt names) and the artists and genres left out (from
 * the request and the prompt), as the catalog names them. {@code bounds} says what every track fits besides (feature
 * ranges, genres) and {@code relaxed} what was loosened because too few tracks fit (docs/recommender.md, "The
 * request is a contract").
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record InterpretationSummary(String source, String providerUsed, String intent, List<String> genres,
                                    List<String> artists, List<String> tracks, List<String> moods,
                                    List<String> activities, String timeOfDay, String novelty, Integer count,
                                    Map<String, Map<String, Double>> targets, List<String> semanticGenres,
                                    ReleaseYears era, List<String> excludedArtists,
                                    List<String> excludedGenres, String note, AppliedBounds bounds,
                                    List<String> relaxed) {

    /** The same reading with the bounds the ranking kept and what it relaxed. */
    public InterpretationSummary withBounds(AppliedBounds applied, List<String> relaxedBounds) {
        return new InterpretationSummary(source, providerUsed, intent, genres, artists, tracks, moods, activities,
                timeOfDay, novelty, count, targets, semanticGenres, era, excludedArtists, excludedGenres, note,
                applied == null || applied.isEmpty() ? null : applied, relaxedBounds);
    }
}
