package io.echotune.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "access_tokens")
public class AccessTokenEntity {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String name;

    /** Hex SHA-256 of the token; the token itself is never stored. */
    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    /** Space-separated scope names. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
