package io.echotune.playlist.service;

import io.echotune.playlist.config.PlaylistConfig;
import io.echotune.playlist.repository.ScheduleClaims;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs due refresh schedules. Every replica polls; {@link ScheduleClaims} hands each due playlist to one of them, and
 * {@link ScheduledRun} runs it for the owner. A claim has already moved {@code next_run_at} one period on, so a run
 * that fails (gateway, recommender or Spotify down, the owner erased) is logged and waits for its next period.
 */
@ApplicationScoped
public class ScheduledRefresh {

    private static final Logger LOG = Logger.getLogger(ScheduledRefresh.class);

    private final ScheduleClaims claims;
    private final ScheduledRun runs;
    private final PlaylistConfig config;

    public ScheduledRefresh(ScheduleClaims claims, ScheduledRun runs, PlaylistConfig config) {
        this.claims = claims;
        this.runs = runs;
        this.config = config;
    }

    /** Claims up to {@code schedule-batch} due refreshes and runs them one after another; never fails. */
    @Scheduled(every = "${echotune.playlist.schedule-poll:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> runDue() {
        return claims.claimDue(config.scheduleBatch()).onItem().transformToMulti(Multi.createFrom()::iterable)
                .onItem().transformToUniAndConcatenate(claim -> Uni.createFrom().deferred(() -> runs.run(claim))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Scheduled refresh of playlist %s failed; it runs again next period: %s",
                                    claim.playlistId(), failure.toString());
                            return null;
                        }))
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Claiming due scheduled refreshes failed: %s", failure.toString());
                    return null;
                });
    }
}
