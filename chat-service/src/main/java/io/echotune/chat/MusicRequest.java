package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The conversation's current music request, as the recommender is asked it: prompt, count, genres, seeds, feature
 * targets, context, novelty, the release years ({@code era}, whole years only: "90s" is 1990-1999) and what the
 * conversation excludes ({@code excludedArtists}, {@code excludedGenres}, {@code excludedTracks}: they hold for the
 * rest of it). Refinements change it; a new recommendation replaces it but keeps the exclusions.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MusicRequest(String prompt, int count, List<String> genres, List<String> seedArtists,
                           List<String> seedTracks, Map<String, FeatureRange> targets, String mood, String activity,
                           String timeOfDay, String novelty, List<String> excludedArtists, List<String> excludedGenres,
                           List<String> excludedTracks, Reading.Era era) {

    public MusicRequest {
        genres = genres == null ? List.of() : List.copyOf(genres);
        seedArtists = seedArtists == null ? List.of() : List.copyOf(seedArtists);
        seedTracks = seedTracks == null ? List.of() : List.copyOf(seedTracks);
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        excludedArtists = excludedArtists == null ? List.of() : List.copyOf(excludedArtists);
        excludedGenres = excludedGenres == null ? List.of() : List.copyOf(excludedGenres);
        excludedTracks = excludedTracks == null ? List.of() : List.copyOf(excludedTracks);
    }
}
