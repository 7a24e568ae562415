package io.echotune.recommender;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A track the caller played that the catalog does not hold, as their own plays name it: {@code trackId} is its
 * Spotify id or, without one, its name key; {@code uri} is null then.
 */
@RegisterForReflection
public record PlayedTrack(String trackId, String uri, String name, List<String> artists, String album) {
}
