package io.echotune.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** The Spotify listening sync of one user (docs/privacy.md "Spotify sync"): its outcomes and what a user sees. */
public final class SpotifySync {

    private SpotifySync() {
    }

    /** How a sync run ended. */
    public enum Outcome {
        /** The recently-played plays were read and handed to the history (perhaps none were new). */
        OK,
        /** Spotify answered 429 (rate limit or quota): the user is not called again before {@code retryAfter}. */
        RATE_LIMITED,
        /**
         * Spotify no longer accepts the connection (refresh token revoked, or a permission the sync needs was not
         * granted): no sync until the user signs in with Spotify again.
         */
        RECONNECT_REQUIRED,
        /** Anything else (Spotify or the history unreachable, a 5xx): tried again at the next interval. */
        FAILED
    }

    /**
     * {@code spotifySync} of {@code GET /api/v1/me}: the last run ({@code lastSyncAt}, {@code outcome}, a
     * {@code message} for the user, {@code recordsStored} new plays), and when the next one is due
     * ({@code nextSyncAt}; {@code retryAfter} while rate limited). Before the first run only {@code nextSyncAt} is set.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(Instant lastSyncAt, Outcome outcome, String message, Integer recordsStored,
                         Instant nextSyncAt, Instant retryAfter) {
    }
}
