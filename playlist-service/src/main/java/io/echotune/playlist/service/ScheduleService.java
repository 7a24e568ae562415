package io.echotune.playlist.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.Schedule;
import io.echotune.playlist.repository.PlaylistRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * Turning a playlist's refresh schedule on (daily or weekly) and off. Setting it also asks the gateway for the owner's
 * delegation (their live request's internal token proves consent), stored with the schedule so that runs can act for
 * the owner later; stopping it drops the delegation. The runs are {@link ScheduledRefresh}'s.
 */
@ApplicationScoped
public class ScheduleService {

    private final PlaylistRepository playlists;
    private final ScheduleDelegations delegations;

    public ScheduleService(PlaylistRepository playlists, ScheduleDelegations delegations) {
        this.playlists = playlists;
        this.delegations = delegations;
    }

    /** {@code bearer} is the owner's internal token as received, presented to the gateway for the delegation. */
    public Uni<Schedule> schedule(String userId, String bearer, UUID playlistId, String every) {
        String period = every == null ? "" : every.strip().toLowerCase(Locale.ROOT);
        Duration length = switch (period) {
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            default -> throw ApiException.invalidField("every", "must be daily or weekly");
        };
        // 404 before asking the gateway; no transaction is held while it answers.
        return Panache.withSession(() -> PlaylistService.findOwned(playlists, userId, playlistId))
                .chain(() -> delegations.forSchedule(bearer, playlistId))
                .chain(delegation -> Panache.withTransaction(() -> playlists.lockOwned(userId, playlistId)
                        .onItem().ifNull().failWith(() -> ApiException.notFound("Playlist " + playlistId))
                        .map(p -> {
                            p.scheduleEvery = period;
                            p.nextRunAt = Instant.now().plus(length).truncatedTo(ChronoUnit.MICROS);
                            p.scheduleDelegation = delegation;
                            return new Schedule(p.scheduleEvery, p.nextRunAt);
                        })));
    }

    @WithTransaction
    public Uni<Void> stop(String userId, UUID playlistId) {
        return PlaylistService.findOwned(playlists, userId, playlistId).map(p -> {
            p.scheduleEvery = null;
            p.nextRunAt = null;
            p.scheduleDelegation = null;
            return null;
        });
    }
}
