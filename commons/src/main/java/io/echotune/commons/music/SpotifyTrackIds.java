package io.echotune.commons.music;

import java.util.Optional;

/** Spotify track ids as EchoTune stores them: the bare 22-character base-62 id; {@code spotify:track:} URIs accepted. */
public final class SpotifyTrackIds {

    public static final String URI_PREFIX = "spotify:track:";
    private static final int ID_LENGTH = 22;

    private SpotifyTrackIds() {
    }

    /**
     * The id of a bare id or a {@code spotify:track:} URI, surrounding white space ignored; empty for anything else.
     * Checked character by character: it runs for every play a profile learns from.
     */
    public static Optional<String> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        int end = raw.length();
        int start = 0;
        while (start < end && Character.isWhitespace(raw.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(raw.charAt(end - 1))) {
            end--;
        }
        if (raw.startsWith(URI_PREFIX, start)) {
            start += URI_PREFIX.length();
        }
        if (end - start != ID_LENGTH) {
            return Optional.empty();
        }
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return Optional.empty();
            }
        }
        return Optional.of(start == 0 && end == raw.length() ? raw : raw.substring(start, end));
    }

    public static String uri(String id) {
        return URI_PREFIX + id;
    }
}
