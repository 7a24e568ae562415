package io.echotune.insights.service;

import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import io.echotune.insights.ListeningSnapshot;
import io.echotune.insights.config.InsightsConfig;
import io.echotune.insights.repository.ListeningHistoryRepository;
import io.echotune.insights.repository.ListeningSnapshotRepository;
import io.echotune.insights.repository.SnapshotCodec;
import io.echotune.insights.repository.SnapshotHead;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Each user's {@link ListeningSnapshot}: read from the snapshot store when current, otherwise built from
 * {@code listening_history} (lazily on the first read, or right after an import completes) and stored for the next
 * reads. Builds are committed only if the user's history did not change while they ran (see
 * {@link ListeningSnapshotRepository}), so a build never hides a newer import.
 * <p>
 * Memory is bounded: at most {@code snapshot-readers} snapshots are decoded and {@code snapshot-builders} built at
 * once per replica, each shared by every request for it at that moment, and recently used ones are kept up to
 * {@code snapshot-retained-records} in all (see {@link SnapshotLeases}).
 */
@ApplicationScoped
public class ListeningSnapshotService {

    private static final Logger LOG = Logger.getLogger(ListeningSnapshotService.class);
    /** A read that finds its build's chunks gone (replaced meanwhile) looks again this many times. */
    private static final int READ_ATTEMPTS = 3;
    private static final Duration BUILD_RETRY_BACKOFF = Duration.ofSeconds(1);

    private final ListeningHistoryRepository history;
    private final ListeningSnapshotRepository store;
    private final InsightsConfig config;
    private final SnapshotLeases readers;
    private final SnapshotLeases builders;

    public ListeningSnapshotService(ListeningHistoryRepository history, ListeningSnapshotRepository store,
                                    InsightsConfig config) {
        this.history = history;
        this.store = store;
        this.config = config;
        this.readers = new SnapshotLeases(config.snapshotReaders(), config.snapshotRetainedRecords());
        this.builders = new SnapshotLeases(config.snapshotBuilders(), 0);
    }

    /** Thrown when a head names chunks that are not (all) there; the read looks at the head again. */
    static final class SnapshotChunksMissing extends RuntimeException {
        SnapshotChunksMissing(String userId) {
            super("snapshot chunks of " + userId + " are missing or damaged", null, false, false);
        }
    }

    /** Runs {@code work} (on a worker thread) on the user's current snapshot. */
    public <T> Uni<T> use(String userId, Function<ListeningSnapshot, Uni<T>> work) {
        return use(userId, work, 1);
    }

    private <T> Uni<T> use(String userId, Function<ListeningSnapshot, Uni<T>> work, int attempt) {
        return store.head(userId).chain(head -> {
            if (head == null || !head.isCurrent()) {
                return builders.use(buildKey(userId, head), () -> build(userId), work);
            }
            return readers.use(SnapshotLeases.Key.storedBuild(userId, head.buildId()), () -> read(head), work)
                    .onFailure(SnapshotChunksMissing.class).recoverWithUni(missing -> {
                        if (attempt >= READ_ATTEMPTS) {
                            return Uni.createFrom().failure(missing);
                        }
                        // Usually a newer build replaced this one between our two reads. If the head still names the
                        // same build, its chunks are really gone: mark it stale so that the next look rebuilds.
                        return store.head(userId)
                                .chain(now -> now != null && head.buildId().equals(now.buildId())
                                        ? store.markStale(userId) : Uni.createFrom().voidItem())
                                .chain(() -> use(userId, work, attempt + 1));
                    });
        });
    }

    /** Marks the user's stored snapshot out of date: their history changed. */
    public Uni<Void> invalidate(String userId) {
        return store.markStale(userId);
    }

    /**
     * Rebuilds the user's snapshot now if it is out of date, in the background; a failure only means a lazy build.
     * A user with no head yet (their first import) gets one only when they have music plays: an
     * {@code import.completed} handled after the user's erasure must not build an empty snapshot naming them again.
     */
    public void rebuildInBackground(String userId) {
        store.head(userId)
                .chain(head -> (head != null ? Uni.createFrom().item(!head.isCurrent()) : history.hasMusicPlays(userId))
                        .chain(due -> due
                                ? builders.use(buildKey(userId, head), () -> build(userId),
                                        snapshot -> Uni.createFrom().voidItem())
                                : Uni.createFrom().voidItem()))
                .subscribe().with(
                        done -> LOG.debugf("Snapshot of %s is current", userId),
                        e -> LOG.warnf("Background snapshot build of %s failed; the next read builds it: %s", userId,
                                e.getMessage()));
    }

    /** Erases every stored snapshot of the user. */
    public Uni<Void> erase(String userId) {
        return store.delete(userId);
    }

    /** Builds for one stamp are shared: all requests that saw the same out-of-date head wait for one build. */
    private static SnapshotLeases.Key buildKey(String userId, SnapshotHead head) {
        return SnapshotLeases.Key.newBuild(userId, head == null ? null : head.stamp());
    }

    private Uni<ListeningSnapshot> read(SnapshotHead head) {
        return store.chunks(head)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(chunks -> {
                    if (chunks == null) {
                        throw new SnapshotChunksMissing(head.userId());
                    }
                    try {
                        return SnapshotCodec.decode(chunks, head.rawBytes());
                    } catch (IllegalArgumentException e) {
                        LOG.errorf("Stored snapshot %s of %s is unreadable: %s", head.buildId(), head.userId(), e.getMessage());
                        throw new SnapshotChunksMissing(head.userId());
                    }
                });
    }

    private Uni<ListeningSnapshot> build(String userId) {
        return store.ensureHead(userId).chain(head -> {
            String stamp = head.stamp();
            long started = System.nanoTime();
            return history.musicPlays(userId)
                    .collect().in(SnapshotBuilder::new, SnapshotBuilder::add)
                    // One more read from scratch (a fresh builder) after a server-side failure mid-read, such as a
                    // replica set's primary stepping down under a long scan. Not when no server could be selected
                    // at all: the request answers 503 now rather than wait that out twice.
                    .onFailure(e -> e instanceof MongoException && !(e instanceof MongoTimeoutException))
                    .retry().withBackOff(BUILD_RETRY_BACKOFF).atMost(1)
                    .ifNoItem().after(config.snapshotBuildTimeout()).fail()
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(SnapshotBuilder::build)
                    .call(snapshot -> persist(userId, stamp, snapshot)
                            .invoke(() -> LOG.debugf("Snapshot of %s built: %d records in %d ms", userId,
                                    snapshot.records(), (System.nanoTime() - started) / 1_000_000)));
        });
    }

    /**
     * Stores the build for later reads. The figures of this request never depend on it: if storing fails, the
     * request still answers from the build in memory and the next read builds again.
     */
    private Uni<Void> persist(String userId, String stamp, ListeningSnapshot snapshot) {
        SnapshotCodec.Encoded encoded = SnapshotCodec.encode(snapshot);
        String buildId = UUID.randomUUID().toString();
        List<byte[]> chunks = encoded.chunks();
        SnapshotHead built = new SnapshotHead(userId, stamp, stamp, buildId, SnapshotCodec.FORMAT, chunks.size(),
                encoded.rawBytes(), snapshot.records(), Instant.now());
        return store.saveChunks(userId, stamp, buildId, chunks)
                .chain(() -> store.commit(built))
                .invoke(committed -> {
                    if (!committed) {
                        LOG.debugf("Snapshot build of %s discarded: the history changed while it ran", userId);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not store the snapshot of %s: %s", userId, e.getMessage());
                    return null;
                });
    }
}
