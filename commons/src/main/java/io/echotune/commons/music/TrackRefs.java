package io.echotune.commons.music;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How the public API names a track ({@code trackId} in answers, playlists, feedback and exclusions): its Spotify id,
 * or, for a track known only by its name, the name key ingestion gives its plays ({@code name:<artist>|<title>},
 * normalised by {@link TrackNames}). A basic privacy export's plays carry no Spotify URI, and a person's favourite is
 * theirs whatever the catalog holds, so such a track is named by what its plays say.
 */
public final class TrackRefs {

    public static final String NAME_PREFIX = "name:";
    /** Longer than any real artist and title; bounds what a request may make us normalise. */
    static final int MAX_NAME_KEY_LENGTH = 1024;

    private static final String TRACK_PAGE = "https://open.spotify.com/track/";
    private static final String SEARCH_PAGE = "https://open.spotify.com/search/";

    private TrackRefs() {
    }

    /**
     * A Spotify id (bare, or a {@code spotify:track:} URI) as its bare id, or a name key as it is; empty for anything
     * else, including a name key that is not in its normalised form (one track has one name).
     */
    public static Optional<String> parse(String raw) {
        Optional<String> id = SpotifyTrackIds.parse(raw);
        if (id.isPresent()) {
            return id;
        }
        return isNameKey(raw) ? Optional.of(raw) : Optional.empty();
    }

    /** Whether {@code ref} is a name key exactly as {@link TrackNames#nameKey} makes one. */
    public static boolean isNameKey(String ref) {
        if (ref == null || !ref.startsWith(NAME_PREFIX) || ref.length() > MAX_NAME_KEY_LENGTH) {
            return false;
        }
        int bar = ref.indexOf('|', NAME_PREFIX.length());
        if (bar <= NAME_PREFIX.length() || bar == ref.length() - 1) {
            return false;
        }
        return ref.equals(TrackNames.nameKey(ref.substring(NAME_PREFIX.length(), bar), ref.substring(bar + 1)));
    }

    /** The key plays are stored under: {@code spotify:track:<id>} for an id, the name key as it is. */
    public static String trackKey(String ref) {
        return isNameKey(ref) ? ref : SpotifyTrackIds.uri(ref);
    }

    /** The Spotify URI of a parsed ref; null for a name key (Spotify's id for it is not known). */
    public static String spotifyUri(String ref) {
        return isNameKey(ref) ? null : SpotifyTrackIds.uri(ref);
    }

    /** The public ref of a track key ({@code spotify:track:<id>} or a name key): the bare id, or the name key. */
    public static String fromTrackKey(String key) {
        return key.startsWith(SpotifyTrackIds.URI_PREFIX) ? key.substring(SpotifyTrackIds.URI_PREFIX.length()) : key;
    }

    /**
     * Where to open the track: its page on open.spotify.com, or for a name key a Spotify search for its artist and
     * title (the closest a link can get without an id).
     */
    public static String openUrl(String ref, String artist, String title) {
        if (!isNameKey(ref)) {
            return TRACK_PAGE + ref;
        }
        String query = ((artist == null ? "" : artist) + " " + (title == null ? "" : title)).strip();
        return SEARCH_PAGE + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
