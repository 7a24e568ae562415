package io.echotune.playlist;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's playlists as the data export carries them ({@code playlists.json}, docs/privacy.md): every version with
 * its track snapshot, the schedule, the live share code and the Spotify playlist it was saved to.
 */
public final class PlaylistExport {

    private PlaylistExport() {
    }

    @RegisterForReflection
    public record Playlist(UUID playlistId, String name, String prompt, int currentVersion, Instant createdAt,
                           Instant updatedAt, Schedule schedule, String spotifyPlaylistId, Share share,
                           List<Version> versions) {
    }

    @RegisterForReflection
    public record Version(int version, String prompt, Instant createdAt, JsonNode tracks) {
    }

    @RegisterForReflection
    public record Schedule(String every, Instant nextRunAt) {
    }

    @RegisterForReflection
    public record Share(String code, Instant createdAt) {
    }
}
