package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * A track as it was shown in a reply: a snapshot of the recommender's answer, kept with the message
 * ({@code releaseYear} absent when the catalog does not know it).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShownTrack(String trackId, String uri, String name, List<String> artists, String album,
                         Integer releaseYear, List<String> genres, Map<String, Double> features, Double score, String explanation) {

    public ShownTrack {
        artists = artists == null ? List.of() : artists;
        genres = genres == null ? List.of() : genres;
        features = features == null ? Map.of() : features;
    }
}
