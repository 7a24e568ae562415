package io.echotune.commons.music.catalog;

import java.util.List;

/** An artist's genre tags from an artist table, keyed by the normalised name ({@code TrackNames.normalise}). */
public record ArtistGenres(String key, String name, List<String> genres) {

    public ArtistGenres {
        genres = List.copyOf(genres);
    }
}
