package io.echotune.playlist.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "playlist_versions")
@IdClass(PlaylistVersionEntity.Key.class)
public class PlaylistVersionEntity {

    @Id
    @Column(name = "playlist_id")
    public UUID playlistId;

    @Id
    public int version;

    public String prompt;

    @Column(name = "track_ids", nullable = false)
    public String[] trackIds;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public record Key(UUID playlistId, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
