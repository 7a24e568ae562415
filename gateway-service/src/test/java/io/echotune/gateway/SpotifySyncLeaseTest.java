package io.echotune.gateway;

import io.echotune.gateway.repository.SpotifySyncRepository;
import io.echotune.gateway.repository.SpotifySyncRepository.Claimed;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claims that keep gateway replicas from syncing one user twice: concurrent claims never share a user, a claimed
 * user is not claimable until its lease runs out or its run is stored, and a connection Spotify refused is skipped
 * until the user signs in with Spotify again.
 */
@QuarkusTest
class SpotifySyncLeaseTest {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SpotifySyncRepository syncState;

    @Inject
    Pool database;

    private final List<UUID> users = new ArrayList<>();

    @AfterEach
    void deleteSyncRows() {
        database.preparedQuery("DELETE FROM gateway.spotify_sync WHERE user_id = ANY($1)")
                .execute(Tuple.of(users.toArray(UUID[]::new))).await().atMost(WAIT);
    }

    /** A local account with a sync row due long ago, so that it is claimed before any other test's. */
    private UUID dueUser() {
        UUID id = UUID.fromString(Users.signUp("Listener").userId());
        users.add(id);
        database.preparedQuery("INSERT INTO gateway.spotify_sync (user_id, next_sync_at) VALUES ($1, '2000-01-01T00:00:00Z')")
                .execute(Tuple.of(id)).await().atMost(WAIT);
        return id;
    }

    private Set<UUID> ours(List<Claimed> claimed) {
        Set<UUID> ids = new HashSet<>();
        claimed.stream().map(Claimed::userId).filter(users::contains).forEach(ids::add);
        return ids;
    }

    @Test
    void concurrentClaimsNeverShareAUserAndAClaimHoldsUntilTheRunIsStored() {
        for (int i = 0; i < 6; i++) {
            dueUser();
        }
        List<List<Claimed>> claims = Uni.join().all(syncState.claimDue(3, LEASE), syncState.claimDue(3, LEASE),
                syncState.claimDue(3, LEASE)).andFailFast().await().atMost(WAIT);

        Set<UUID> seen = new HashSet<>();
        int total = 0;
        for (List<Claimed> claim : claims) {
            for (Claimed c : claim) {
                assertTrue(seen.add(c.userId()), "claimed twice: " + c.userId());
                total++;
            }
        }
        assertTrue(seen.containsAll(users), "all six due users were claimed once: " + claims);
        assertEquals(total, seen.size());
        assertTrue(ours(syncState.claimDue(1000, LEASE).await().atMost(WAIT)).isEmpty(), "leased users are not due");

        UUID done = users.getFirst();
        Instant now = Instant.now();
        syncState.finish(done, new SpotifySyncRepository.Finished(SpotifySync.Outcome.OK, "2 new plays stored", 2,
                1738669136412L, now, now.minusSeconds(1), null, false)).await().atMost(WAIT);
        List<Claimed> again = syncState.claimDue(1000, LEASE).await().atMost(WAIT);
        assertEquals(Set.of(done), ours(again), "a stored run releases the user; due again at its next_sync_at");
        assertEquals(1738669136412L, again.stream().filter(c -> c.userId().equals(done)).findFirst().orElseThrow()
                .cursorAfterMs(), "the next run starts after the stored cursor");

        UUID crashed = users.get(1);
        database.preparedQuery("UPDATE gateway.spotify_sync SET leased_until = now() - interval '1 second' WHERE user_id = $1")
                .execute(Tuple.of(crashed)).await().atMost(WAIT);
        assertEquals(Set.of(crashed), ours(syncState.claimDue(1000, LEASE).await().atMost(WAIT)),
                "a lease that ran out (its replica died) lets another replica claim the user");
    }

    @Test
    void aRefusedConnectionIsNotSyncedUntilTheUserSignsInAgain() {
        UUID user = dueUser();
        Instant now = Instant.now();
        Instant retryAfter = now.plus(Duration.ofHours(2));
        assertEquals(Set.of(user), ours(syncState.claimDue(1000, LEASE).await().atMost(WAIT)));
        syncState.finish(user, new SpotifySyncRepository.Finished(SpotifySync.Outcome.RECONNECT_REQUIRED,
                "sign in with Spotify again", null, null, now, now.minusSeconds(60), null, true)).await().atMost(WAIT);
        assertTrue(ours(syncState.claimDue(1000, LEASE).await().atMost(WAIT)).isEmpty());

        syncState.connected(user).await().atMost(WAIT);
        assertEquals(Set.of(user), ours(syncState.claimDue(1000, LEASE).await().atMost(WAIT)));

        // a rate limit outlives a new sign-in
        syncState.finish(user, new SpotifySyncRepository.Finished(SpotifySync.Outcome.RATE_LIMITED, "wait", null, null,
                now, retryAfter, retryAfter, false)).await().atMost(WAIT);
        syncState.connected(user).await().atMost(WAIT);
        assertTrue(ours(syncState.claimDue(1000, LEASE).await().atMost(WAIT)).isEmpty());
        SpotifySync.Status status = syncState.status(user).await().atMost(WAIT).orElseThrow();
        assertEquals(SpotifySync.Outcome.RATE_LIMITED, status.outcome());
        assertFalse(status.retryAfter().isBefore(retryAfter.minusMillis(1)));
    }
}
