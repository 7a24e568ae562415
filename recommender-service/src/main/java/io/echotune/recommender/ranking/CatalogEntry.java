package io.echotune.recommender.ranking;

import java.util.List;

/**
 * One catalog track as the index is built from it (MongoDB {@code tracks} in the service, the shared CSVs in the
 * evaluation). {@code features} holds the raw values in {@link FeatureSpace#NAMES} order, NaN where missing;
 * {@code releaseYear} is null when no catalog file gives the release date.
 */
public record CatalogEntry(String id, String name, List<String> artists, String album, List<String> genres,
                           double[] features, Integer popularity, Long durationMs, Boolean explicit,
                           Integer releaseYear, List<String> playlists) {

    public CatalogEntry {
        artists = artists == null ? List.of() : List.copyOf(artists);
        genres = genres == null ? List.of() : List.copyOf(genres);
        playlists = playlists == null ? List.of() : List.copyOf(playlists);
        if (features == null || features.length != FeatureSpace.DIMENSIONS) {
            throw new IllegalArgumentException("features of " + id + " must hold " + FeatureSpace.DIMENSIONS + " values");
        }
    }
}
