package io.echotune.playlist.service;

import io.echotune.playlist.config.PlaylistConfig;
import io.echotune.playlist.repository.ScheduleClaims;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs due refresh schedules. Every replica polls; {@link ScheduleClaims} hands each due playlist to one of them.
 * Today a run refreshes the tracks' catalog facts ({@link VersionService#refreshFromCatalog}); regenerating from the
 * prompt needs a credential to call the recommender for the user, which the gateway does not issue yet
 * (docs/playlists.md "Schedules").
 */
@ApplicationScoped
public class ScheduledRefresh {

    private static final Logger LOG = Logger.getLogger(ScheduledRefresh.class);

    private final ScheduleClaims claims;
    private final VersionService versions;
    private final PlaylistConfig config;

    public ScheduledRefresh(ScheduleClaims claims, VersionService versions, PlaylistConfig config) {
        this.claims = claims;
        this.versions = versions;
        this.config = config;
    }

    @Scheduled(every = "${echotune.playlist.schedule-poll:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> runDue() {
        return claims.claimDue(config.scheduleBatch()).onItem().transformToMulti(Multi.createFrom()::iterable)
                .onItem().transformToUniAndConcatenate(claim -> versions.refreshFromCatalog(claim.userId(), claim.playlistId())
                        .onFailure().recoverWithItem(failure -> {
                            // the claim already moved next_run_at: a failed run waits for the next period
                            LOG.warnf("Scheduled refresh of playlist %s failed: %s", claim.playlistId(), failure.toString());
                            return false;
                        }))
                .collect().last().replaceWithVoid();
    }
}
