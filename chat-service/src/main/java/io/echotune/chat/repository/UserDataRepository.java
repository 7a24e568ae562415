package io.echotune.chat.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.chat.ChatExport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything of one user in the {@code chat} schema at once, for erasure and export (docs/privacy.md): sessions, their
 * messages and conversation state (which go with their session by ON DELETE CASCADE), and the per-minute message
 * counts.
 */
@ApplicationScoped
public class UserDataRepository {

    private final Pool database;
    private final ObjectMapper json;

    public UserDataRepository(Pool database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    /** Deletes every row of the user, in one transaction; a second call finds nothing. */
    public Uni<Void> erase(String userId) {
        return database.withTransaction(tx -> tx.preparedQuery("DELETE FROM chat.chat_sessions WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .chain(() -> tx.preparedQuery("DELETE FROM chat.chat_message_quota WHERE user_id = $1")
                        .execute(Tuple.of(userId)))
                .replaceWithVoid());
    }

    /** The user's sessions, oldest first, each read with its messages only when it is its turn. */
    public Multi<ChatExport.Session> export(String userId) {
        return database.preparedQuery("SELECT id FROM chat.chat_sessions WHERE user_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(userId))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(row -> row.getUUID("id"))
                .onItem().transformToUniAndConcatenate(sessionId -> session(userId, sessionId));
    }

    private Uni<ChatExport.Session> session(String userId, UUID sessionId) {
        Uni<Row> session = database.preparedQuery("SELECT id, title, provider, created_at, updated_at"
                        + " FROM chat.chat_sessions WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(sessionId, userId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
        Uni<List<ChatExport.Message>> messages = database.preparedQuery("SELECT id, role, text, intent, created_at,"
                        + " entities::text, tracks::text, playlist::text, insight::text, provider, model, latency_ms,"
                        + " fallback_attempts, outcome FROM chat.chat_messages WHERE session_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    List<ChatExport.Message> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new ChatExport.Message(row.getUUID("id"), row.getString("role"), row.getString("text"),
                                row.getString("intent"), instant(row.getOffsetDateTime("created_at")),
                                tree(row.getString("entities")), tree(row.getString("tracks")),
                                tree(row.getString("playlist")), tree(row.getString("insight")),
                                row.getString("provider"), row.getString("model"), row.getLong("latency_ms"),
                                row.getInteger("fallback_attempts"), row.getString("outcome")));
                    }
                    return list;
                });
        return Uni.combine().all().unis(session, messages).asTuple().onItem().ifNotNull().transform(both -> {
            Row s = both.getItem1();
            return s == null ? null : new ChatExport.Session(s.getUUID("id"), s.getString("title"), s.getString("provider"),
                    instant(s.getOffsetDateTime("created_at")), instant(s.getOffsetDateTime("updated_at")), both.getItem2());
        });
    }

    private JsonNode tree(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jsonb column that is not JSON", e);
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
