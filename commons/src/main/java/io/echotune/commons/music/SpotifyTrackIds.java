package io.echotune.commons.music;

import java.util.Optional;
import java.util.regex.Pattern;

/** Spotify track ids as EchoTune stores them: the bare 22-character base-62 id; {@code spotify:track:} URIs accepted. */
public final class SpotifyTrackIds {

    public static final String URI_PREFIX = "spotify:track:";
    private static final Pattern TRACK_ID = Pattern.compile("[0-9A-Za-z]{22}");

    private SpotifyTrackIds() {
    }

    /** The id of a bare id or a {@code spotify:track:} URI; empty for anything else. */
    public static Optional<String> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.strip();
        String id = value.startsWith(URI_PREFIX) ? value.substring(URI_PREFIX.length()) : value;
        return TRACK_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    public static String uri(String id) {
        return URI_PREFIX + id;
    }
}
