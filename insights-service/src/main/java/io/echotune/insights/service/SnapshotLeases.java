package io.echotune.insights.service;

import io.echotune.insights.ListeningSnapshot;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Shares a snapshot among the requests that need the same one, and bounds the memory snapshots take:
 * <ul>
 * <li>at most {@code permits} leases are loading or in use at once; further ones wait their turn without holding
 * any memory. A dashboard asking for nine figures of one user loads that user's snapshot once.</li>
 * <li>when its last request is done, a snapshot of a stored build is kept for the next requests, as long as all kept
 * snapshots together stay within {@code retainedRecords} (least recently used dropped first; one per user).</li>
 * </ul>
 * A kept snapshot is found only under the key of the stored build it came from; the caller reads the user's head
 * first, so once the history changes (a new stamp, then a new build) a kept snapshot is never used again.
 */
final class SnapshotLeases {

    /** Which snapshot of a user a lease holds. */
    record Key(String userId, String source, boolean keepable) {

        /** The stored build {@code buildId}: may be kept after use. */
        static Key storedBuild(String userId, String buildId) {
            return new Key(userId, "stored:" + buildId, true);
        }

        /** A build from the history for {@code stamp}: its result is stored and then read under its own build id. */
        static Key newBuild(String userId, String stamp) {
            return new Key(userId, "build:" + (stamp == null ? "" : stamp), false);
        }
    }

    private final int permits;
    private final long retainedRecords;
    private int inUse;                                                        // guarded by this
    private final ArrayDeque<Lease> waiting = new ArrayDeque<>();             // guarded by this
    private final Map<Key, Lease> leases = new HashMap<>();                   // guarded by this
    private final LinkedHashMap<Key, ListeningSnapshot> kept = new LinkedHashMap<>(16, 0.75f, true);   // guarded by this
    private long keptWeight;                                                  // guarded by this

    private static final class Lease {
        final Key key;
        final Supplier<Uni<ListeningSnapshot>> loader;
        final CompletableFuture<ListeningSnapshot> snapshot = new CompletableFuture<>();
        int holders;
        boolean started;
        boolean loaded;
        boolean released;

        Lease(Key key, Supplier<Uni<ListeningSnapshot>> loader) {
            this.key = key;
            this.loader = loader;
        }
    }

    SnapshotLeases(int permits, long retainedRecords) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.permits = permits;
        this.retainedRecords = Math.max(0, retainedRecords);
    }

    /**
     * Runs {@code work} on the snapshot under {@code key} (kept, shared with a lease in progress, or loaded by
     * {@code loader}), on a worker thread: the figures are CPU work and must not run on the event loop.
     */
    <T> Uni<T> use(Key key, Supplier<Uni<ListeningSnapshot>> loader, Function<ListeningSnapshot, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            ListeningSnapshot keptSnapshot;
            synchronized (this) {
                keptSnapshot = kept.get(key);
            }
            if (keptSnapshot != null) {
                return Uni.createFrom().item(keptSnapshot)
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .chain(snapshot -> work.apply(snapshot));
            }
            Lease lease = join(key, loader);
            // A copy: a cancelled request must not cancel the load others share.
            return Uni.createFrom().completionStage(lease.snapshot.copy())
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .chain(snapshot -> work.apply(snapshot))
                    .onTermination().invoke(() -> leave(lease));
        });
    }

    private Lease join(Key key, Supplier<Uni<ListeningSnapshot>> loader) {
        Lease lease;
        boolean start = false;
        synchronized (this) {
            lease = leases.get(key);
            if (lease == null) {
                lease = new Lease(key, loader);
                leases.put(key, lease);
                if (inUse < permits) {
                    inUse++;
                    lease.started = true;
                    start = true;
                } else {
                    waiting.add(lease);
                }
            }
            lease.holders++;
        }
        if (start) {
            start(lease);
        }
        return lease;
    }

    private void start(Lease lease) {
        Uni<ListeningSnapshot> load;
        try {
            load = lease.loader.get();
        } catch (RuntimeException e) {
            load = Uni.createFrom().failure(e);
        }
        load.subscribe().with(snapshot -> loaded(lease, snapshot, null), failure -> loaded(lease, null, failure));
    }

    private void loaded(Lease lease, ListeningSnapshot snapshot, Throwable failure) {
        synchronized (this) {
            lease.loaded = true;
            if (failure != null) {
                leases.remove(lease.key, lease);   // later requests try again rather than share the failure
            }
        }
        if (failure != null) {
            lease.snapshot.completeExceptionally(failure);
        } else {
            lease.snapshot.complete(snapshot);
        }
        releaseIfDone(lease);
    }

    private void leave(Lease lease) {
        synchronized (this) {
            lease.holders--;
        }
        releaseIfDone(lease);
    }

    /** The permit goes back once nobody uses the lease and its load has ended. */
    private void releaseIfDone(Lease lease) {
        Lease next;
        synchronized (this) {
            if (lease.released || lease.holders > 0) {
                return;
            }
            if (!lease.started) {
                // Every request gave up while it waited: it never held a permit.
                lease.released = true;
                waiting.remove(lease);
                leases.remove(lease.key, lease);
                return;
            }
            if (!lease.loaded) {
                return;
            }
            lease.released = true;
            leases.remove(lease.key, lease);
            if (lease.key.keepable() && !lease.snapshot.isCompletedExceptionally()) {
                keep(lease.key, lease.snapshot.join());   // loaded: join returns at once
            }
            next = waiting.poll();
            if (next != null) {
                next.started = true;
            } else {
                inUse--;
            }
        }
        if (next != null) {
            start(next);
        }
    }

    /** Called holding the lock. One snapshot per user; the least recently used go first when over budget. */
    private void keep(Key key, ListeningSnapshot snapshot) {
        long weight = weight(snapshot);
        if (weight > retainedRecords) {
            return;
        }
        for (Iterator<Map.Entry<Key, ListeningSnapshot>> it = kept.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, ListeningSnapshot> entry = it.next();
            if (entry.getKey().userId().equals(key.userId())) {
                keptWeight -= weight(entry.getValue());
                it.remove();
            }
        }
        kept.put(key, snapshot);
        keptWeight += weight;
        for (Iterator<Map.Entry<Key, ListeningSnapshot>> it = kept.entrySet().iterator();
             keptWeight > retainedRecords && it.hasNext(); ) {
            Map.Entry<Key, ListeningSnapshot> eldest = it.next();
            keptWeight -= weight(eldest.getValue());
            it.remove();
        }
    }

    /** Records, plus one so that many empty histories also add up. */
    private static long weight(ListeningSnapshot snapshot) {
        return snapshot.records() + 1L;
    }

    /** Leases loading or in use (kept snapshots hold no permit). */
    synchronized int active() {
        return inUse;
    }

    /** Records of the snapshots kept for later requests. */
    synchronized long keptRecords() {
        return keptWeight;
    }
}
