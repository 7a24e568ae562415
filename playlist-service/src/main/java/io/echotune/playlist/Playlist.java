package io.echotune.playlist;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A playlist at one version, as its owner sees it. {@code added} and {@code removed} are the track ids that differ
 * from the version before (absent on version 1).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Playlist(UUID playlistId, String name, int version, String prompt, List<PlaylistTrack> tracks,
                       Instant createdAt, Instant updatedAt, List<String> added, List<String> removed) {

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
