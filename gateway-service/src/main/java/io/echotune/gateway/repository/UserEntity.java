package io.echotune.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
public class UserEntity {

    @Id
    public UUID id;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    /** Set once the user signs in with Spotify; its tokens live encrypted beside it. */
    @Column(name = "spotify_user_id")
    public String spotifyUserId;

    @Column(name = "spotify_access_token")
    public byte[] spotifyAccessTokenEncrypted;

    @Column(name = "spotify_refresh_token")
    public byte[] spotifyRefreshTokenEncrypted;

    @Column(name = "spotify_token_expires_at")
    public Instant spotifyTokenExpiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
