package io.echotune.llmrouter;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What a message names: catalog artists and tracks, genres, moods, activities, an era and a time of day. Lists are
 * never null; moods, activities and times of day use the lexicon's canonical names (see the module README).
 */
@RegisterForReflection
public record Entities(List<String> artists, List<String> tracks, List<String> genres, List<String> moods,
                       List<String> activities, Era era, String timeOfDay) {

    public Entities {
        artists = artists == null ? List.of() : List.copyOf(artists);
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
        genres = genres == null ? List.of() : List.copyOf(genres);
        moods = moods == null ? List.of() : List.copyOf(moods);
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    public static Entities none() {
        return new Entities(List.of(), List.of(), List.of(), List.of(), List.of(), null, null);
    }
}
