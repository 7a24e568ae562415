package io.echotune.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Erasures in PostgreSQL ({@code gateway.erasures}, {@code gateway.erasure_services}): which services have reported
 * that they erased a user. Holds no user id (see V4__erasure_and_outbox.sql). SQL on the reactive client, so that an
 * erasure is recorded in the same transaction as the account rows it deletes and the event it announces.
 */
@ApplicationScoped
public class ErasureRepository {

    private final Pool pool;

    public ErasureRepository(Pool pool) {
        this.pool = pool;
    }

    /** An erasure as stored: per service, when it reported (null: still pending). */
    public record StoredErasure(UUID erasureId, Instant requestedAt, Instant completedAt, Map<String, Instant> doneAt) {
    }

    /** Records a new erasure with every service pending; part of the caller's transaction. */
    public Uni<Void> insert(SqlClient tx, UUID erasureId, List<String> services, Instant requestedAt) {
        List<Tuple> rows = new ArrayList<>();
        for (String service : services) {
            rows.add(Tuple.of(erasureId, service));
        }
        return tx.preparedQuery("INSERT INTO gateway.erasures (id, requested_at) VALUES ($1, $2)")
                .execute(Tuple.of(erasureId, utc(requestedAt)))
                .chain(() -> tx.preparedQuery("INSERT INTO gateway.erasure_services (erasure_id, service) VALUES ($1, $2)")
                        .executeBatch(rows))
                .replaceWithVoid();
    }

    public Uni<Optional<StoredErasure>> find(UUID erasureId) {
        return pool.preparedQuery("SELECT e.requested_at, e.completed_at, s.service, s.done_at FROM gateway.erasures e"
                        + " JOIN gateway.erasure_services s ON s.erasure_id = e.id WHERE e.id = $1 ORDER BY s.service")
                .execute(Tuple.of(erasureId))
                .map(rows -> {
                    Instant requested = null;
                    Instant completed = null;
                    Map<String, Instant> done = new LinkedHashMap<>();
                    for (Row row : rows) {
                        requested = instant(row.getOffsetDateTime("requested_at"));
                        completed = instant(row.getOffsetDateTime("completed_at"));
                        done.put(row.getString("service"), instant(row.getOffsetDateTime("done_at")));
                    }
                    return requested == null ? Optional.empty()
                            : Optional.of(new StoredErasure(erasureId, requested, completed, done));
                });
    }

    /**
     * Records {@code service}'s report (a repeated report changes nothing) and, when it was the last one pending,
     * completes the erasure. True exactly once per erasure: when this call completed it.
     */
    public Uni<Boolean> markDone(UUID erasureId, String service, Instant at) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE gateway.erasure_services SET done_at = $3"
                                + " WHERE erasure_id = $1 AND service = $2 AND done_at IS NULL")
                        .execute(Tuple.of(erasureId, service, utc(at)))
                        .chain(() -> tx.preparedQuery("UPDATE gateway.erasures SET completed_at = $2"
                                        + " WHERE id = $1 AND completed_at IS NULL AND NOT EXISTS (SELECT 1 FROM"
                                        + " gateway.erasure_services WHERE erasure_id = $1 AND done_at IS NULL)")
                                .execute(Tuple.of(erasureId, utc(at))))
                        .map(completed -> completed.rowCount() == 1));
    }

    /** Deletes the statuses of erasures completed before {@code before}; answers how many. */
    public Uni<Integer> purgeCompletedBefore(Instant before) {
        return pool.preparedQuery("DELETE FROM gateway.erasures WHERE completed_at < $1")
                .execute(Tuple.of(utc(before)))
                .map(rows -> rows.rowCount());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
