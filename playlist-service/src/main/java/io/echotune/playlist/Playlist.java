package io.echotune.playlist;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A playlist at one version, as its owner sees it. {@code added} and {@code removed} are the track ids that differ
 * from the version before (absent on version 1). {@code schedule}, {@code spotifyPlaylistId} and {@code shareCode}
 * (the live share link's code, {@code GET /api/v1/playlists/{id}} only) are present when set.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Playlist(UUID playlistId, String name, int version, String prompt, List<PlaylistTrack> tracks,
                       Instant createdAt, Instant updatedAt, List<String> added, List<String> removed,
                       Schedule schedule, String spotifyPlaylistId, String shareCode) {

    public Playlist withShareCode(String code) {
        return new Playlist(playlistId, name, version, prompt, tracks, createdAt, updatedAt, added, removed, schedule,
                spotifyPlaylistId, code);
    }

    public int trackCount() {
        return tracks.size();
    }

    /** One line of the owner's playlist list. */
    @RegisterForReflection
    public record Summary(UUID playlistId, String name, int version, int trackCount, Instant createdAt,
                          Instant updatedAt) {
    }

    /** One kept version of a playlist. */
    @RegisterForReflection
    public record Version(int version, String prompt, int trackCount, Instant createdAt) {
    }
}
