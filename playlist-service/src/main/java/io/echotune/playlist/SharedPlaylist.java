package io.echotune.playlist;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * What anyone holding a share code sees: the playlist's name, version and tracks with their Spotify links. Nothing
 * about the owner (no user id, no e-mail) and no internal id.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SharedPlaylist(String name, int version, Instant updatedAt, List<Track> tracks) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Track(int position, String trackId, String name, List<String> artists, String album,
                        Long durationMs, String uri, String spotifyUrl) {
    }

    /** A share: its code and the public page's address. */
    @RegisterForReflection
    public record Share(String code, String url) {
    }
}
