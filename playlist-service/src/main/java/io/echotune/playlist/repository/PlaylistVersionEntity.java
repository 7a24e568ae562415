package io.echotune.playlist.repository;

import io.echotune.playlist.PlaylistTrack;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
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

    /** The snapshot of every track, in order. {@link #trackIds} repeats their ids for SQL look-ups. */
    @Transient
    public List<PlaylistTrack> tracks;

    /** {@link #tracks} as stored (jsonb), written and read by {@link TrackSnapshotCodec}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "tracks", nullable = false)
    String tracksJson;

    @PrePersist
    void encodeTracks() {
        tracksJson = TrackSnapshotCodec.encode(tracks);
    }

    @PostLoad
    void decodeTracks() {
        tracks = TrackSnapshotCodec.decode(tracksJson);
    }

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public record Key(UUID playlistId, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
