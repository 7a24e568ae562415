package io.echotune.chat;

import io.echotune.commons.testing.ErasureRequests;
import io.echotune.commons.testing.InternalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat service's part of an erasure, through the real Kafka and PostgreSQL: {@code user.deleted} erases the user's
 * sessions, messages, conversation state and message counts and nothing of anyone else, is reported once erased, and a
 * redelivered event erases nothing more and reports again (idempotent). And the export part of the same data.
 */
@QuarkusTest
class UserDataErasureTest {

    private static final Duration REPORTED = Duration.ofSeconds(60);

    @Inject
    Pool database;

    @Test
    void userDeletedErasesEveryChatRowOfTheUserOnlyAndIsReportedEvenWhenRedelivered() {
        String erased = "user-" + UUID.randomUUID();
        String kept = "user-" + UUID.randomUUID();
        String erasedSession = createDefaultChatWithData(erased);
        String keptSession = createDefaultChatWithData(kept);

        UUID erasureId = ErasureRequests.requestErasure(erased);
        ErasureRequests.awaitReport(erasureId, "chat", REPORTED);

        assertEquals(0, count("SELECT count(*) FROM chat.chat_sessions WHERE user_id = $1", erased));
        assertEquals(0, count("SELECT count(*) FROM chat.chat_messages WHERE session_id = $1", UUID.fromString(erasedSession)));
        assertEquals(0, count("SELECT count(*) FROM chat.chat_conversation_state WHERE session_id = $1", UUID.fromString(erasedSession)));
        assertEquals(0, count("SELECT count(*) FROM chat.chat_message_quota WHERE user_id = $1", erased));
        assertUntouched(kept, keptSession);

        // delivered again: nothing more to erase, reported again under the same event id
        ErasureRequests.resend(erasureId, erased);
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (ErasureRequests.reports(erasureId, "chat", Duration.ofSeconds(2)) < 2) {
            assertTrue(System.nanoTime() < deadline, "the redelivered user.deleted was never reported");
        }
        assertUntouched(kept, keptSession);
        given().header("Authorization", bearer(erased)).when().get("/api/v1/chat/sessions")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void theExportCarriesEverySessionWithItsMessagesAndNeedsTheAccountScope() {
        String user = "user-" + UUID.randomUUID();
        String sessionId = createDefaultChatWithData(user);

        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("account")))
                .when().get("/internal/v1/export/chats.json")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].sessionId", equalTo(sessionId))
                .body("[0].title", equalTo("Export me"))
                .body("[0].messages", hasSize(2))
                .body("[0].messages[0].text", equalTo("something for a rainy day"))
                .body("[0].messages[1].role", equalTo("assistant"));
        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("read", "write")))
                .when().get("/internal/v1/export/chats.json").then().statusCode(403);
        given().when().get("/internal/v1/export/chats.json").then().statusCode(401);
    }

    private String createDefaultChatWithData(String user) {
        String sessionId = given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("title", "Export me")).when().post("/api/v1/chat/sessions")
                .then().statusCode(201).extract().path("sessionId");
        UUID session = UUID.fromString(sessionId);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        execute("INSERT INTO chat.chat_messages (id, session_id, role, text, intent, created_at) VALUES ($1, $2, 'user', $3, 'recommend', $4)",
                Tuple.of(UUID.randomUUID(), session, "something for a rainy day", now));
        execute("INSERT INTO chat.chat_messages (id, session_id, role, text, created_at, tracks) VALUES ($1, $2, 'assistant', $3, $4, $5::jsonb)",
                Tuple.of(UUID.randomUUID(), session, "Here are some tracks", now.plusSeconds(1), "[{\"trackId\":\"5SuOikwiRyPMVoIQDJUgSV\"}]"));
        execute("INSERT INTO chat.chat_conversation_state (session_id, shown, updated_at) VALUES ($1, '[]'::jsonb, $2)",
                Tuple.of(session, now));
        execute("INSERT INTO chat.chat_message_quota (user_id, window_start, messages) VALUES ($1, $2, 1)",
                Tuple.of(user, now));
        return sessionId;
    }

    private void assertUntouched(String user, String sessionId) {
        assertEquals(1, count("SELECT count(*) FROM chat.chat_sessions WHERE user_id = $1", user));
        assertEquals(2, count("SELECT count(*) FROM chat.chat_messages WHERE session_id = $1", UUID.fromString(sessionId)));
        assertEquals(1, count("SELECT count(*) FROM chat.chat_conversation_state WHERE session_id = $1", UUID.fromString(sessionId)));
        assertEquals(1, count("SELECT count(*) FROM chat.chat_message_quota WHERE user_id = $1", user));
    }

    private void execute(String sql, Tuple parameters) {
        database.preparedQuery(sql).execute(parameters).await().atMost(Duration.ofSeconds(5));
    }

    private long count(String sql, Object parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }
}
