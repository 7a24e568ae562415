package io.echotune.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "preferences")
public class PreferencesEntity {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "llm_provider")
    public String llmProvider;

    @Column(nullable = false)
    public String novelty;

    @Column(name = "explicit_content", nullable = false)
    public boolean explicitContent;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
