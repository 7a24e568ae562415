package io.echotune.recommender.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The parts of the LLM router's {@code POST /api/v1/llm/interpret} answer the recommender reads (its InterpretResponse;
 * API.md "Language"). Our own type: the router owns its schema, we ignore what we do not use.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouterReading(String intent, Entities entities, Integer count, Map<String, Target> targets, String novelty,
                            Refinement refinement, String providerUsed, String model, Long latencyMs) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entities(List<String> artists, List<String> tracks, List<String> genres, List<String> moods,
                           List<String> activities, String timeOfDay) {

        public Entities {
            artists = artists == null ? List.of() : artists;
            tracks = tracks == null ? List.of() : tracks;
            genres = genres == null ? List.of() : genres;
            moods = moods == null ? List.of() : moods;
            activities = activities == null ? List.of() : activities;
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Target(Double min, Double max, Double target) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Refinement(Map<String, Double> adjust, List<String> excludeArtists, List<String> excludeGenres) {

        public Refinement {
            adjust = adjust == null ? Map.of() : adjust;
            excludeArtists = excludeArtists == null ? List.of() : excludeArtists;
            excludeGenres = excludeGenres == null ? List.of() : excludeGenres;
        }
    }

    public Entities entitiesOrNone() {
        return entities != null ? entities : new Entities(null, null, null, null, null, null);
    }
}
