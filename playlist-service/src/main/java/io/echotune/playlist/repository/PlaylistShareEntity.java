package io.echotune.playlist.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "playlist_shares")
public class PlaylistShareEntity {

    /** The public code: 256 random bits, base64url without padding. */
    @Id
    public String code;

    @Column(name = "playlist_id", nullable = false)
    public UUID playlistId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
