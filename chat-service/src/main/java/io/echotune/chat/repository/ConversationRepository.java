package io.echotune.chat.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.chat.ChatMessage;
import io.echotune.chat.ConversationState;
import io.echotune.chat.InsightAnswer;
import io.echotune.chat.MusicRequest;
import io.echotune.chat.Reading;
import io.echotune.chat.SavedPlaylist;
import io.echotune.chat.ShownTrack;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The turns of a conversation and the state between them, in PostgreSQL (schema {@code chat}). Written with the
 * reactive SQL client rather than Hibernate: an answer and the session's new state are stored in one transaction,
 * and the JSON columns (tracks, playlist, insight, request) go in and out as jsonb without an ORM type mapping.
 * Callers check that the session belongs to the caller first. JSON parameters are bound as text and cast
 * ({@code $n::text::jsonb}): bound straight to a jsonb parameter, a Java string would be stored as a JSON string.
 */
@ApplicationScoped
public class ConversationRepository {

    private static final String MESSAGE_COLUMNS = """
            id, role, text, intent, entities::text, tracks::text, playlist::text, insight::text, provider, model,
            tokens_input, tokens_output, latency_ms, fallback_attempts, prompt_version, outcome, created_at""";
    private static final TypeReference<List<ShownTrack>> TRACK_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> ID_LIST = new TypeReference<>() {
    };

    private final Pool database;
    private final ObjectMapper json;

    public ConversationRepository(Pool database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    public Uni<Void> insertUserMessage(UUID sessionId, ChatMessage message) {
        return database.preparedQuery("""
                        INSERT INTO chat.chat_messages (id, session_id, role, text, created_at)
                        VALUES ($1, $2, 'user', $3, $4)""")
                .execute(Tuple.of(message.messageId(), sessionId, message.text(), utc(message.createdAt())))
                .replaceWithVoid();
    }

    /**
     * Stores the answer, marks the user message with the intent it was read as, and replaces the session's state,
     * all or nothing.
     */
    public Uni<Void> storeAnswer(UUID sessionId, UUID userMessageId, ChatMessage answer, ConversationState state) {
        return database.withTransaction(tx -> insertAnswer(tx, sessionId, answer)
                .chain(() -> tx.preparedQuery("UPDATE chat.chat_messages SET intent = $2 WHERE id = $1")
                        .execute(Tuple.from(java.util.Arrays.asList(userMessageId, answer.intent()))))
                .chain(() -> tx.preparedQuery("UPDATE chat.chat_sessions SET updated_at = $2 WHERE id = $1")
                        .execute(Tuple.of(sessionId, utc(answer.createdAt()))))
                .chain(() -> tx.preparedQuery("""
                                INSERT INTO chat.chat_conversation_state (session_id, request, shown, request_id,
                                    shown_track_ids, updated_at)
                                VALUES ($1, $2::text::jsonb, $3::text::jsonb, $4, $5::text::jsonb, $6)
                                ON CONFLICT (session_id) DO UPDATE SET request = EXCLUDED.request,
                                    shown = EXCLUDED.shown, request_id = EXCLUDED.request_id,
                                    shown_track_ids = EXCLUDED.shown_track_ids, updated_at = EXCLUDED.updated_at""")
                        .execute(Tuple.from(java.util.Arrays.asList(sessionId, write(state.request()),
                                write(state.shown()), state.requestId(), write(state.shownTrackIds()),
                                utc(answer.createdAt())))))
                .replaceWithVoid());
    }

    private Uni<RowSet<Row>> insertAnswer(SqlClient tx, UUID sessionId, ChatMessage m) {
        Reading.Tokens tokens = m.tokens() != null ? m.tokens() : Reading.Tokens.NONE;
        List<Object> values = new ArrayList<>();
        values.add(m.messageId());
        values.add(sessionId);
        values.add(m.reply());
        values.add(m.intent());
        values.add(write(m.entities()));
        values.add(write(m.tracks()));
        values.add(write(m.playlist()));
        values.add(write(m.insight()));
        values.add(m.providerUsed());
        values.add(m.model());
        values.add(tokens.input());
        values.add(tokens.output());
        values.add(m.latencyMs());
        values.add(m.fallbackAttempts());
        values.add(m.promptVersion());
        values.add(m.outcome());
        values.add(utc(m.createdAt()));
        return tx.preparedQuery("""
                        INSERT INTO chat.chat_messages (id, session_id, role, text, intent, entities, tracks, playlist,
                            insight, provider, model, tokens_input, tokens_output, latency_ms, fallback_attempts,
                            prompt_version, outcome, created_at)
                        VALUES ($1, $2, 'assistant', $3, $4, $5::text::jsonb, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb, $9, $10, $11,
                            $12, $13, $14, $15, $16, $17)""")
                .execute(Tuple.from(values));
    }

    public Uni<ConversationState> findState(UUID sessionId) {
        return database.preparedQuery("""
                        SELECT request::text, shown::text, request_id, shown_track_ids::text
                        FROM chat.chat_conversation_state
                        WHERE session_id = $1""")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return ConversationState.EMPTY;
                    }
                    Row row = rows.iterator().next();
                    return new ConversationState(read(row.getString(0), MusicRequest.class),
                            readTracks(row.getString(1)), row.getString(2), readIds(row.getString(3)));
                });
    }

    /** The conversation, oldest first; the id breaks ties between messages stored in the same microsecond. */
    public Uni<List<ChatMessage>> listConversation(UUID sessionId) {
        return database.preparedQuery("SELECT " + MESSAGE_COLUMNS
                        + " FROM chat.chat_messages WHERE session_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(sessionId))
                .map(this::toMessages);
    }

    /**
     * The last {@code limit} messages before {@code before}, oldest first: the context the interpreter reads a new
     * message in (read while the new message is being stored, so it is left out by its time).
     */
    public Uni<List<ChatMessage>> recentMessages(UUID sessionId, int limit, Instant before) {
        return database.preparedQuery("SELECT * FROM (SELECT " + MESSAGE_COLUMNS
                        + " FROM chat.chat_messages WHERE session_id = $1 AND created_at < $3"
                        + " ORDER BY created_at DESC, id DESC LIMIT $2) recent ORDER BY created_at, id")
                .execute(Tuple.of(sessionId, limit, utc(before)))
                .map(this::toMessages);
    }

    /** The provider chosen for a session the user owns; empty when the user has no such session. */
    public Uni<java.util.Optional<OwnedSession>> findOwnedSession(String userId, UUID sessionId) {
        return database.preparedQuery("SELECT provider FROM chat.chat_sessions WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(sessionId, userId))
                .map(rows -> rows.size() == 0 ? java.util.Optional.empty()
                        : java.util.Optional.of(new OwnedSession(sessionId, rows.iterator().next().getString(0))));
    }

    /** A session as a turn needs it: its id and the provider asked for in it (null: the router chooses). */
    public record OwnedSession(UUID sessionId, String provider) {
    }

    private List<ChatMessage> toMessages(RowSet<Row> rows) {
        List<ChatMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            boolean assistant = ChatMessage.ASSISTANT.equals(row.getString(1));
            Integer tokensIn = row.getInteger(10);
            Integer tokensOut = row.getInteger(11);
            messages.add(new ChatMessage(row.getUUID(0), row.getString(1), row.getString(2),
                    assistant ? row.getString(2) : null, row.getString(3),
                    read(row.getString(4), JsonNode.class), row.getString(5) == null ? null : readTracks(row.getString(5)),
                    read(row.getString(6), SavedPlaylist.class), read(row.getString(7), InsightAnswer.class),
                    row.getString(8), row.getString(9), row.getLong(12), row.getInteger(13), row.getString(14),
                    tokensIn == null ? null : new Reading.Tokens(tokensIn, tokensOut == null ? 0 : tokensOut),
                    row.getString(15), row.getOffsetDateTime(16).toInstant()));
        }
        return messages;
    }

    private List<ShownTrack> readTracks(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return json.readValue(text, TRACK_LIST);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> readIds(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return json.readValue(text, ID_LIST);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
