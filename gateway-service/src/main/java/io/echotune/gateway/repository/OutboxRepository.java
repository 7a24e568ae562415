package io.echotune.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static io.echotune.gateway.repository.ErasureRepository.instant;
import static io.echotune.gateway.repository.ErasureRepository.utc;

/**
 * The gateway's transactional outbox ({@code gateway.outbox}): an event is appended in the transaction of the change
 * it announces, and the relay (messaging.OutboxRelay) publishes it afterwards. Claims are leases taken with
 * {@code FOR UPDATE SKIP LOCKED}, so relays of several replicas never hold the same row at once and no transaction
 * stays open while a relay waits for Kafka.
 */
@ApplicationScoped
public class OutboxRepository {

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** One event to publish: the topic, the record key and the JSON value, as they will be sent. */
    public record OutboxMessage(UUID id, String topic, String key, String payload, Instant createdAt) {
    }

    /** Appends an event; part of the caller's transaction. */
    public Uni<Void> append(SqlClient tx, OutboxMessage message) {
        return tx.preparedQuery("INSERT INTO gateway.outbox (id, topic, message_key, payload, created_at)"
                        + " VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(message.id(), message.topic(), message.key(), message.payload(), utc(message.createdAt())))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} unsent events whose lease (if any) has run out, for {@code lease}; oldest first.
     */
    public Uni<List<OutboxMessage>> claim(int limit, Duration lease) {
        return pool.preparedQuery("UPDATE gateway.outbox SET claimed_until = now() + make_interval(secs => $2)"
                        + " WHERE id IN (SELECT id FROM gateway.outbox WHERE sent_at IS NULL"
                        + " AND (claimed_until IS NULL OR claimed_until < now())"
                        + " ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, topic, message_key, payload, created_at")
                .execute(Tuple.of(limit, lease.toMillis() / 1000.0))
                .map(rows -> {
                    List<OutboxMessage> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new OutboxMessage(row.getUUID("id"), row.getString("topic"),
                                row.getString("message_key"), row.getString("payload"),
                                instant(row.getOffsetDateTime("created_at"))));
                    }
                    claimed.sort(Comparator.comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id));
                    return claimed;
                });
    }

    /** The broker acknowledged the event. */
    public Uni<Void> markSent(UUID id, Instant at) {
        return pool.preparedQuery("UPDATE gateway.outbox SET sent_at = $2, claimed_until = NULL WHERE id = $1")
                .execute(Tuple.of(id, utc(at)))
                .replaceWithVoid();
    }

    /** The event could not be sent: release the lease so the next relay run tries it again at once. */
    public Uni<Void> release(UUID id) {
        return pool.preparedQuery("UPDATE gateway.outbox SET claimed_until = NULL WHERE id = $1 AND sent_at IS NULL")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Deletes every event keyed by {@code key} (an erased user's, once the erasure completed); answers how many. */
    public Uni<Integer> deleteByKey(String key) {
        return pool.preparedQuery("DELETE FROM gateway.outbox WHERE message_key = $1")
                .execute(Tuple.of(key))
                .map(rows -> rows.rowCount());
    }
}
