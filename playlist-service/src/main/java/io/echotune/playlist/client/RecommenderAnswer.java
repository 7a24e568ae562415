package io.echotune.playlist.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The part of the recommender's answer (API.md "Recommendations") a playlist keeps: the ranked tracks with their
 * catalog facts and explanation. Our own record of their schema; unknown fields are ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecommenderAnswer(String requestId, List<Track> tracks) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Track(String trackId, String uri, String name, List<String> artists, String album,
                        Map<String, Double> features, String explanation) {
    }
}
