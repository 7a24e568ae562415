package io.echotune.playlist.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.playlist.PlaylistTrack;

import java.util.List;

/**
 * Track snapshots to and from their stored JSON, with a mapper of their own: how the REST API formats JSON must never
 * change what is stored. Unknown fields are ignored so that older rows (ids and URIs only) and newer ones both read.
 */
final class TrackSnapshotCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** The stored document: an object rather than a bare array, which the reactive PostgreSQL client binds as jsonb. */
    record Stored(List<PlaylistTrack> tracks) {
    }

    private TrackSnapshotCodec() {
    }

    static String encode(List<PlaylistTrack> tracks) {
        try {
            return JSON.writeValueAsString(new Stored(tracks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the track snapshots", e);
        }
    }

    static List<PlaylistTrack> decode(String json) {
        try {
            if (json == null) {
                return List.of();
            }
            Stored stored = JSON.readValue(json, Stored.class);
            return stored.tracks() == null ? List.of() : List.copyOf(stored.tracks());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored track snapshots are unreadable", e);
        }
    }
}
