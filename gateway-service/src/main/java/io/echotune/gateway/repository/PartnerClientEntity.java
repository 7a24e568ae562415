package io.echotune.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A registered partner app (OAuth 2.0 client); the id is its {@code client_id}. */
@Entity
@Table(name = "partner_clients")
public class PartnerClientEntity {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** Hex SHA-256 of the client secret; the secret itself is never stored. */
    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    /** Space-separated partner scope names the client may be granted. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "rate_per_minute", nullable = false)
    public int ratePerMinute;

    @Column(name = "daily_quota", nullable = false)
    public int dailyQuota;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
