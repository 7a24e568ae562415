package io.echotune.playlist.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.Schedule;
import io.echotune.playlist.repository.PlaylistRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/** Turning a playlist's refresh schedule on (daily or weekly) and off. The runs are {@link ScheduledRefresh}'s. */
@ApplicationScoped
public class ScheduleService {

    private final PlaylistRepository playlists;

    public ScheduleService(PlaylistRepository playlists) {
        this.playlists = playlists;
    }

    @WithTransaction
    public Uni<Schedule> schedule(String userId, UUID playlistId, String every) {
        String period = every == null ? "" : every.strip().toLowerCase(Locale.ROOT);
        Duration length = switch (period) {
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            default -> throw ApiException.invalidField("every", "must be daily or weekly");
        };
        return PlaylistService.findOwned(playlists, userId, playlistId).map(p -> {
            p.scheduleEvery = period;
            p.nextRunAt = Instant.now().plus(length).truncatedTo(ChronoUnit.MICROS);
            return new Schedule(p.scheduleEvery, p.nextRunAt);
        });
    }

    @WithTransaction
    public Uni<Void> stop(String userId, UUID playlistId) {
        return PlaylistService.findOwned(playlists, userId, playlistId).map(p -> {
            p.scheduleEvery = null;
            p.nextRunAt = null;
            return null;
        });
    }
}
