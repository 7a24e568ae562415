package io.echotune.recommender.service;

import java.util.Optional;
import java.util.regex.Pattern;

/** Spotify track ids as the recommender stores them: the bare 22-character base-62 id. */
final class TrackIds {

    private static final Pattern TRACK_ID = Pattern.compile("[0-9A-Za-z]{22}");
    private static final String URI_PREFIX = "spotify:track:";

    private TrackIds() {
    }

    /** The id of a bare id or a {@code spotify:track:} URI; empty for anything else. */
    static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.strip();
        String id = value.startsWith(URI_PREFIX) ? value.substring(URI_PREFIX.length()) : value;
        return TRACK_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
