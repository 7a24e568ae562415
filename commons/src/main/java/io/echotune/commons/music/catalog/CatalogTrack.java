package io.echotune.commons.music.catalog;

import java.util.List;

/**
 * One track of the catalog, as stored in MongoDB {@code tracks} with {@code id} as {@code _id}.
 *
 * @param artists   in credit order; empty when the source had none (the genre-split file)
 * @param genres    the track's own tags first, then its artists' tags; lower-case, no duplicates
 * @param releaseYear the year its album was released (TidyTuesday's {@code track_album_release_date}, or a
 *                    {@code release_date} / {@code year} column); null when the source does not say
 * @param playlists ids of public playlists the track appears in (TidyTuesday), for co-occurrence
 * @param sources   the catalog files (layouts) this track was read from
 */
public record CatalogTrack(String id, String name, List<String> artists, String album, List<String> genres,
        AudioFeatures features, Integer popularity, Long durationMs, Boolean explicit, Integer releaseYear,
        List<String> playlists, List<String> sources) {

    public CatalogTrack {
        artists = List.copyOf(artists);
        genres = List.copyOf(genres);
        playlists = List.copyOf(playlists);
        sources = List.copyOf(sources);
    }
}
