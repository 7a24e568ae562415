package io.echotune.gateway.service;

import io.echotune.gateway.client.SpotifyClient;
import io.echotune.gateway.client.SpotifyConnectionRevoked;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.UserEntity;
import io.echotune.gateway.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * A signed-in user's Spotify access token for services that act on Spotify for them (the playlist service's saves):
 * decrypted from the user's row, and refreshed with the stored refresh token first when it expires within a minute
 * (the new tokens are stored encrypted). Empty when the user never connected Spotify. Tokens are never logged.
 */
@ApplicationScoped
public class SpotifyAccessService {

    private static final Duration EARLY = Duration.ofMinutes(1);

    /** A usable access token and when it expires. */
    public record SpotifyAccess(String accessToken, Instant expiresAt) {
    }

    private final UserRepository users;
    private final TokenCipher cipher;
    private final SpotifyClient spotify;
    private final GatewayConfig.Spotify config;

    public SpotifyAccessService(UserRepository users, TokenCipher cipher, SpotifyClient spotify, GatewayConfig config) {
        this.users = users;
        this.cipher = cipher;
        this.spotify = spotify;
        this.config = config.spotify();
    }

    @WithTransaction
    public Uni<Optional<SpotifyAccess>> accessTokenFor(UUID userId) {
        // Locked: two services asking at once must not both spend the refresh token (Spotify may rotate it).
        return users.findById(userId, LockModeType.PESSIMISTIC_WRITE).chain(user -> {
            if (user == null || user.spotifyAccessTokenEncrypted == null || !cipher.isConfigured()) {
                return Uni.createFrom().item(Optional.<SpotifyAccess>empty());
            }
            Instant now = Instant.now();
            if (user.spotifyTokenExpiresAt != null && user.spotifyTokenExpiresAt.isAfter(now.plus(EARLY))) {
                return Uni.createFrom().item(Optional.of(new SpotifyAccess(
                        readable(user.spotifyAccessTokenEncrypted), user.spotifyTokenExpiresAt)));
            }
            return refresh(user, now).map(Optional::of);
        });
    }

    /**
     * A stored token, decrypted. One that cannot be decrypted (the encryption key was changed) is as good as revoked:
     * only a new sign-in with Spotify stores a usable one.
     */
    private String readable(byte[] encrypted) {
        try {
            return cipher.decrypt(encrypted);
        } catch (IllegalStateException e) {
            throw new SpotifyConnectionRevoked("The stored Spotify connection can no longer be read; sign in with "
                    + "Spotify again (GET /auth/spotify)");
        }
    }

    private Uni<SpotifyAccess> refresh(UserEntity user, Instant now) {
        if (user.spotifyRefreshTokenEncrypted == null || config.clientId().isEmpty()) {
            return Uni.createFrom().failure(new SpotifyConnectionRevoked(
                    "The Spotify connection has expired; sign in with Spotify again (GET /auth/spotify)"));
        }
        return spotify.refresh(readable(user.spotifyRefreshTokenEncrypted), config.clientId().get(),
                config.clientSecret()).map(tokens -> {
                    user.spotifyAccessTokenEncrypted = cipher.encrypt(tokens.accessToken());
                    if (tokens.refreshToken() != null) { // Spotify may rotate it; otherwise the old one stays valid
                        user.spotifyRefreshTokenEncrypted = cipher.encrypt(tokens.refreshToken());
                    }
                    user.spotifyTokenExpiresAt = now.plusSeconds(tokens.expiresIn()).truncatedTo(ChronoUnit.MICROS);
                    return new SpotifyAccess(tokens.accessToken(), user.spotifyTokenExpiresAt);
                });
    }
}
