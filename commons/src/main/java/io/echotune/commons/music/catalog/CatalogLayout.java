package io.echotune.commons.music.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CSV layouts the catalog loader knows, told apart by their header (never by the file name). Columns are read by
 * name, so column order and extra columns do not matter.
 */
public enum CatalogLayout {
    /** The 114k "Spotify Tracks Dataset": track_id, artists (";"-separated), album_name, track_name, track_genre. */
    SPOTIFY_TRACKS_DATASET("spotify-tracks-dataset", true, Set.of("track_id", "artists", "track_name", "track_genre")),
    /** TidyTuesday 2020-01-21 songs: one row per (playlist, track), track_artist, playlist_genre/subgenre. */
    TIDYTUESDAY("tidytuesday", true, Set.of("track_id", "track_name", "track_artist", "playlist_id")),
    /** Rows of the 114k dataset with its genre but no artist or album: track_id, track_name, primary_genre. */
    GENRE_SPLIT("genre-split", true, Set.of("track_id", "track_name", "primary_genre")),
    /** Any other track table with a track_id (or id) column and audio-feature columns. */
    GENERIC_TRACKS("tracks-csv", true, Set.of("id")),
    /** Artist -> genre tags ("data_w_genres"): artists, genres as a Python-style list. */
    ARTIST_GENRES("artist-genres", false, Set.of("artists", "genres"));

    private final String source;
    private final boolean tracks;
    private final Set<String> required;

    CatalogLayout(String source, boolean tracks, Set<String> required) {
        this.source = source;
        this.tracks = tracks;
        this.required = required;
    }

    /** The name recorded in each track's {@code sources}. */
    public String source() {
        return source;
    }

    public boolean holdsTracks() {
        return tracks;
    }

    public static Optional<CatalogLayout> detect(List<String> header) {
        Set<String> columns = Set.copyOf(header);
        for (CatalogLayout layout : values()) {
            if (layout == GENERIC_TRACKS) {
                boolean hasId = columns.contains("track_id") || columns.contains("id");
                if (hasId && columns.contains("energy") && columns.contains("valence")) {
                    return Optional.of(layout);
                }
            } else if (columns.containsAll(layout.required)) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }
}
