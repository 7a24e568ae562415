package io.echotune.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The parts of Spotify's {@code GET /v1/me/player/recently-played} answer (a cursor-paged list of PlayHistory
 * objects) that the sync reads. {@code played_at} is an ISO-8601 UTC time with milliseconds; {@code cursors.after} is
 * the newest play's time in epoch milliseconds, as a string.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecentlyPlayedPage(@JsonProperty("items") List<PlayHistory> items,
                                 @JsonProperty("cursors") Cursors cursors,
                                 @JsonProperty("next") String next,
                                 @JsonProperty("limit") Integer limit) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlayHistory(@JsonProperty("track") Track track, @JsonProperty("played_at") String playedAt) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Track(@JsonProperty("uri") String uri, @JsonProperty("name") String name,
                        @JsonProperty("duration_ms") Long durationMs, @JsonProperty("artists") List<Artist> artists,
                        @JsonProperty("album") Album album) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artist(@JsonProperty("name") String name) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Album(@JsonProperty("name") String name) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cursors(@JsonProperty("after") String after, @JsonProperty("before") String before) {
    }
}
