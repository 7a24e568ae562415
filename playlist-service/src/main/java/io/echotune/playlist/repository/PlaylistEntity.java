package io.echotune.playlist.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "playlists")
public class PlaylistEntity {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public String name;

    public String prompt;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    /** {@code daily} or {@code weekly} while a refresh schedule is on, else null. */
    @Column(name = "schedule_every")
    public String scheduleEvery;

    /** When the next scheduled refresh is due; null without a schedule. */
    @Column(name = "next_run_at")
    public Instant nextRunAt;

    /**
     * The owner's delegation for scheduled refreshes (a gateway-signed JWT), set with the schedule and cleared with
     * it; null for schedules set before delegations existed. A credential: never logged, never in an API answer.
     */
    @Column(name = "schedule_delegation")
    public String scheduleDelegation;

    /** The Spotify playlist a save created, reused by later saves. */
    @Column(name = "spotify_playlist_id")
    public String spotifyPlaylistId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
