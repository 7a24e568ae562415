package io.echotune.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the gateway tells a user about their own account and credentials. */
public final class Account {

    private Account() {
    }

    /** {@code spotifySync} is absent for users who never connected Spotify. */
    @RegisterForReflection
    public record Profile(UUID userId, String displayName, boolean spotifyConnected,
                          @JsonInclude(JsonInclude.Include.NON_NULL) SpotifySync.Status spotifySync) {
    }

    /** A new local account with its first personal access token (shown only here). */
    @RegisterForReflection
    public record LocalSignUp(UUID userId, String displayName, String token) {
    }

    /** A new personal access token (the secret is shown only here). */
    @RegisterForReflection
    public record IssuedToken(UUID tokenId, String name, List<String> scopes, String token, Instant createdAt) {
    }

    @RegisterForReflection
    public record TokenInfo(UUID tokenId, String name, List<String> scopes, Instant createdAt, Instant lastUsedAt) {
    }
}
