package io.echotune.playlist;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A playlist at its current version, as the owner sees it. */
@RegisterForReflection
public record Playlist(UUID playlistId, String name, int version, String prompt, List<PlaylistTrack> tracks,
                       Instant createdAt, Instant updatedAt) {

    @RegisterForReflection
    public record PlaylistTrack(int position, String trackId, String uri) {
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
