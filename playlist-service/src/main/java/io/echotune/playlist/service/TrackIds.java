package io.echotune.playlist.service;

import io.echotune.commons.music.TrackRefs;
import io.echotune.commons.problem.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The track list of a playlist request: valid ids, each once, within the limit. */
final class TrackIds {

    private TrackIds() {
    }

    /**
     * Accepts ids, {@code spotify:track:} URIs or name keys (TrackRefs), keeps the first occurrence of each, rejects
     * anything else.
     */
    static List<String> normalise(List<String> raw, int max) {
        if (raw == null || raw.isEmpty()) {
            throw ApiException.invalidField("trackIds", "must hold at least one track id");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i);
            int index = i;
            ids.add(TrackRefs.parse(value).orElseThrow(() -> ApiException.invalidField("trackIds[" + index + "]",
                    "'" + abbreviate(value) + "' is not a Spotify track id, spotify:track: URI or name: key")));
        }
        if (ids.size() > max) {
            throw ApiException.invalidField("trackIds", "holds " + ids.size() + " tracks; the limit is " + max);
        }
        return new ArrayList<>(ids);
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
