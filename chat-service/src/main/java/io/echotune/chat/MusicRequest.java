package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The conversation's current music request: what the recommender is asked, plus what only the conversation
 * enforces ({@code excludedArtists}, {@code excludedGenres}, {@code excludedTracks} hold for the rest of it;
 * {@code era} is remembered even though the catalog has no release years to filter on). Refinements change it;
 * a new recommendation replaces it but keeps the exclusions.
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
