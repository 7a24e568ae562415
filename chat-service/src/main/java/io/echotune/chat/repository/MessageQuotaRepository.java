package io.echotune.chat.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Messages per user and minute, counted in PostgreSQL so every replica sees the same count. The upsert is one
 * atomic statement: two replicas counting the same user at once both see their own increment.
 */
@ApplicationScoped
public class MessageQuotaRepository {

    private final Pool database;

    public MessageQuotaRepository(Pool database) {
        this.database = database;
    }

    /** Counts one message in the minute that holds {@code now}; returns the count in that minute so far. */
    public Uni<Integer> countMessage(String userId, Instant now) {
        OffsetDateTime window = OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC);
        // one statement, one round trip: the user's old windows go as this minute's count goes up
        return database.preparedQuery("""
                        WITH expired AS (
                            DELETE FROM chat.chat_message_quota WHERE user_id = $1 AND window_start < $3)
                        INSERT INTO chat.chat_message_quota (user_id, window_start, messages) VALUES ($1, $2, 1)
                        ON CONFLICT (user_id, window_start)
                        DO UPDATE SET messages = chat.chat_message_quota.messages + 1
                        RETURNING messages""")
                .execute(Tuple.of(userId, window, window.minusMinutes(5)))
                .map(rows -> rows.iterator().next().getInteger(0));
    }
}
