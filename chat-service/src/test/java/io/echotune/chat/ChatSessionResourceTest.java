package io.echotune.chat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ChatSessionResourceTest {

    private static final String SESSIONS = "/api/v1/chat/sessions";
    private static final String DEFAULT_TITLE = "Rainy day folk";
    private static final String DEFAULT_PROVIDER = "openrouter";

    /** The real database, to store the turns that only the (not yet connected) LLM dispatch will write. */
    @Inject
    Pool database;

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static String createSession(String user, Map<String, ?> body) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(body)
                .when().post(SESSIONS)
                .then().statusCode(201)
                .extract().path("sessionId");
    }

    private static String createDefaultSession(String user) {
        return createSession(user, Map.of("title", DEFAULT_TITLE, "provider", DEFAULT_PROVIDER));
    }

    private void storeMessage(String sessionId, String role, String text, String intent, Instant at) {
        database.preparedQuery("""
                        INSERT INTO chat.chat_messages (id, session_id, role, text, intent, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6)""")
                .execute(Tuple.of(UUID.randomUUID(), UUID.fromString(sessionId), role, text, intent,
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .await().indefinitely();
    }

    private long storedMessages(String sessionId) {
        return database.preparedQuery("SELECT count(*) FROM chat.chat_messages WHERE session_id = $1")
                .execute(Tuple.of(UUID.fromString(sessionId)))
                .await().indefinitely()
                .iterator().next().getLong(0);
    }

    @Test
    void createdSessionIsReadBackByItsOwner() {
        String owner = newUser();
        String id = given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("title", "  " + DEFAULT_TITLE + "  ", "provider", DEFAULT_PROVIDER))
                .when().post(SESSIONS)
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("title", equalTo(DEFAULT_TITLE))
                .body("provider", equalTo(DEFAULT_PROVIDER))
                .body("createdAt", notNullValue())
                .extract().path("sessionId");

        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS + "/" + id)
                .then().statusCode(200)
                .body("sessionId", equalTo(id))
                .body("title", equalTo(DEFAULT_TITLE))
                .body("provider", equalTo(DEFAULT_PROVIDER))
                .body("messageCount", equalTo(0));
        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS + "/" + id + "/messages")
                .then().statusCode(200)
                .body("", hasSize(0));
    }

    @Test
    void createAnswersWithTheLocationOfTheNewSession() {
        String owner = newUser();
        var created = given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("title", DEFAULT_TITLE))
                .when().post(SESSIONS)
                .then().statusCode(201)
                .extract();
        String location = created.header("Location");
        assertEquals(SESSIONS + "/" + created.path("sessionId"), URI.create(location).getPath());
        given().header("Authorization", bearer(owner))
                .when().get(location)
                .then().statusCode(200)
                .body("title", equalTo(DEFAULT_TITLE));
    }

    @Test
    void sessionWithoutTitleOrProviderGetsTheDefaultTitleAndNoProvider() {
        String owner = newUser();
        given().header("Authorization", bearer(owner)).contentType(ContentType.JSON).body(Map.of())
                .when().post(SESSIONS)
                .then().statusCode(201)
                .body("title", equalTo("New chat"))
                .body("provider", nullValue());
        given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("title", "   "))
                .when().post(SESSIONS)
                .then().statusCode(201)
                .body("title", equalTo("New chat"));
    }

    @Test
    void sessionsAreListedNewestFirst() {
        String owner = newUser();
        String first = createSession(owner, Map.of("title", "first"));
        String second = createSession(owner, Map.of("title", "second"));
        String third = createSession(owner, Map.of("title", "third"));

        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS)
                .then().statusCode(200)
                .body("sessionId", contains(third, second, first))
                .body("title", contains("third", "second", "first"))
                .body("[0].createdAt", notNullValue())
                .body("[0].updatedAt", notNullValue())
                .body("messageCount", contains(0, 0, 0));
    }

    @Test
    void conversationIsReadOldestFirstAndCounted() {
        String owner = newUser();
        String id = createDefaultSession(owner);
        Instant start = Instant.parse("2024-08-02T11:56:55Z");
        // Stored out of order: the conversation is ordered by time, not by insertion.
        storeMessage(id, "assistant", "Here are 20 rainy folk tracks.", null, start.plusSeconds(2));
        storeMessage(id, "user", "something for a rainy day", "recommend", start);
        storeMessage(id, "user", "more like the third one", "refine", start.plusSeconds(30));

        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS + "/" + id + "/messages")
                .then().statusCode(200)
                .body("role", contains("user", "assistant", "user"))
                .body("text", contains("something for a rainy day", "Here are 20 rainy folk tracks.",
                        "more like the third one"))
                .body("intent", contains("recommend", null, "refine"))
                .body("[0].createdAt", equalTo("2024-08-02T11:56:55Z"))
                .body("[0].messageId", notNullValue());
        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS + "/" + id)
                .then().statusCode(200)
                .body("messageCount", equalTo(3));
        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS)
                .then().statusCode(200)
                .body("messageCount", contains(3));
    }

    /**
     * A turn cut off before its answer was stored (the chat service killed mid-turn, docs/reliability.md finding 3)
     * leaves a user message with no answer after it: shown as unanswered once it is older than any turn can take,
     * while a message being answered right now is not.
     */
    @Test
    void aMessageWhoseTurnWasCutOffIsShownAsUnanswered() {
        String owner = newUser();
        String id = createDefaultSession(owner);
        Instant now = Instant.now();
        storeMessage(id, "user", "something for a rainy day", "recommend", now.minusSeconds(600));
        storeMessage(id, "assistant", "Here are 20 rainy folk tracks.", "recommend", now.minusSeconds(598));
        storeMessage(id, "user", "make it calmer", null, now.minusSeconds(300));
        storeMessage(id, "user", "make it calmer", "refine", now.minusSeconds(240));
        storeMessage(id, "assistant", "Calmer now.", "refine", now.minusSeconds(238));
        storeMessage(id, "user", "save that as Rainy Folk", null, now.minusSeconds(2));

        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS + "/" + id + "/messages")
                .then().statusCode(200)
                .body("role", contains("user", "assistant", "user", "user", "assistant", "user"))
                .body("outcome", contains(null, null, "unanswered", null, null, null));
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        String id = createDefaultSession(newUser());
        String stranger = newUser();

        given().header("Authorization", bearer(stranger))
                .when().get(SESSIONS + "/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:not-found"));
        given().header("Authorization", bearer(stranger))
                .when().get(SESSIONS + "/" + id + "/messages")
                .then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", bearer(stranger))
                .when().delete(SESSIONS + "/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", bearer(stranger))
                .when().get(SESSIONS)
                .then().statusCode(200)
                .body("", hasSize(0));
    }

    @Test
    void deletedSessionIsGoneWithItsMessages() {
        String owner = newUser();
        String id = createDefaultSession(owner);
        storeMessage(id, "user", "something for a rainy day", "recommend", Instant.now());

        given().header("Authorization", bearer(owner)).when().delete(SESSIONS + "/" + id)
                .then().statusCode(204);
        given().header("Authorization", bearer(owner)).when().get(SESSIONS + "/" + id)
                .then().statusCode(404);
        given().header("Authorization", bearer(owner)).when().get(SESSIONS + "/" + id + "/messages")
                .then().statusCode(404);
        given().header("Authorization", bearer(owner)).when().delete(SESSIONS + "/" + id)
                .then().statusCode(404);
        assertEquals(0, storedMessages(id));
    }

    @Test
    void unknownOrMalformedSessionIdIsNotFound() {
        String owner = newUser();
        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS + "/" + UUID.randomUUID())
                .then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS + "/not-a-session-id")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void titleLongerThanTheLimitIsRejectedWithTheFieldNamed() {
        String owner = newUser();
        createSession(owner, Map.of("title", "x".repeat(200)));
        given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("title", "x".repeat(201)))
                .when().post(SESSIONS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:validation"))
                .body("errors[0].field", equalTo("title"));
        given().header("Authorization", bearer(owner))
                .when().get(SESSIONS)
                .then().body("", hasSize(1));
    }

    @Test
    void providerThatIsNotAProviderNameIsRejectedWithTheFieldNamed() {
        for (String provider : new String[]{"Open AI", "", "a".repeat(65), "openai/gpt-4o"}) {
            given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                    .body(Map.of("provider", provider))
                    .when().post(SESSIONS)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("provider"));
        }
        createSession(newUser(), Map.of("provider", "a".repeat(64)));
    }

    @Test
    void malformedJsonIsAProblemNotAStackTrace() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body("{\"title\": ")
                .when().post(SESSIONS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:malformed-body"));
    }

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().when().get(SESSIONS).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of()).when().post(SESSIONS).then().statusCode(401);
        given().when().get(SESSIONS + "/" + UUID.randomUUID() + "/messages").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").when().get(SESSIONS).then().statusCode(401);
    }
}
