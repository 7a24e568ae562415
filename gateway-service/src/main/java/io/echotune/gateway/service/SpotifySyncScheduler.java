package io.echotune.gateway.service;

import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.SpotifySyncRepository;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Runs the Spotify listening sync on every replica: each tick claims up to {@code batch-size} due users for a lease
 * (SpotifySyncRepository, {@code FOR UPDATE SKIP LOCKED}, so no user is synced by two replicas at once), syncs them
 * one after the other and stores each outcome, which also releases the user. Off when
 * {@code echotune.gateway.spotify-sync.enabled} is false or Spotify sign-in is not configured.
 */
@ApplicationScoped
public class SpotifySyncScheduler {

    private static final Logger LOG = Logger.getLogger(SpotifySyncScheduler.class);

    private final SpotifySyncRepository syncState;
    private final SpotifySyncService sync;
    private final GatewayConfig.SpotifySync config;

    public SpotifySyncScheduler(SpotifySyncRepository syncState, SpotifySyncService sync, GatewayConfig config) {
        this.syncState = syncState;
        this.sync = sync;
        this.config = config.spotifySync();
    }

    @Scheduled(every = "${echotune.gateway.spotify-sync.tick:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SyncOff.class)
    Uni<Void> tick() {
        return runOnce().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Spotify sync tick failed (tried again at the next tick): %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** One round: the due users this replica could claim, synced; answers how many were synced. */
    public Uni<Integer> runOnce() {
        return syncState.claimDue(config.batchSize(), config.lease())
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndConcatenate(user -> sync.sync(user)
                                .chain(finished -> syncState.finish(user.userId(), finished))
                                .replaceWith(1)
                                // the lease runs out and another tick tries the user again
                                .onFailure().invoke(e -> LOG.warnf("Could not store the sync of user %s: %s",
                                        user.userId(), e.toString()))
                                .onFailure().recoverWithItem(0))
                        .collect().asList()
                        .map(done -> done.stream().mapToInt(Integer::intValue).sum()));
    }

    /** Skips ticks while the sync is switched off or Spotify sign-in is not configured. */
    @Singleton
    public static class SyncOff implements Scheduled.SkipPredicate {

        private final GatewayConfig config;
        private final SpotifySignInService signIn;

        public SyncOff(GatewayConfig config, SpotifySignInService signIn) {
            this.config = config;
            this.signIn = signIn;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.spotifySync().enabled() || !signIn.isConfigured();
        }
    }
}
