package io.echotune.playlist.service;

import io.echotune.commons.problem.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Spotify track ids as playlists store them: the bare 22-character base-62 id. */
final class TrackIds {

    private static final Pattern TRACK_ID = Pattern.compile("[0-9A-Za-z]{22}");
    private static final String URI_PREFIX = "spotify:track:";

    private TrackIds() {
    }

    /** Accepts ids or {@code spotify:track:} URIs, keeps the first occurrence of each, rejects anything else. */
    static List<String> normalise(List<String> raw, int max) {
        if (raw == null || raw.isEmpty()) {
            throw ApiException.invalidField("trackIds", "must hold at least one track id");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i) == null ? "" : raw.get(i).trim();
            String id = value.startsWith(URI_PREFIX) ? value.substring(URI_PREFIX.length()) : value;
            if (!TRACK_ID.matcher(id).matches()) {
                throw ApiException.invalidField("trackIds[" + i + "]",
                        "'" + abbreviate(value) + "' is not a Spotify track id or spotify:track: URI");
            }
            ids.add(id);
        }
        if (ids.size() > max) {
            throw ApiException.invalidField("trackIds", "holds " + ids.size() + " tracks; the limit is " + max);
        }
        return new ArrayList<>(ids);
    }

    static String uri(String id) {
        return URI_PREFIX + id;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
