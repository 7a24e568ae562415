package io.echotune.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.erasure.ErasureEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code DELETE /api/v1/me} at the gateway, against the real PostgreSQL, Redis and Kafka of the stack: credentials
 * end at once, the account rows go in the erasure's transaction, {@code user.deleted} reaches Kafka through the
 * outbox, the gateway erases its own part from the event, and the erasure completes once every service reported
 * (the services' reports are sent here by hand; ErasureFleetIT runs the real ones).
 */
@QuarkusTest
@WithTestResource(EchoBackend.class)
class ErasureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("chat", "llm-router", "recommender", "playlist", "ingestion",
            "insights");
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @Inject
    Pool database;

    @Test
    void erasingTheAccountEndsEveryCredentialAtOnceAndAnnouncesItThroughTheOutbox() throws Exception {
        Users.SignedUp user = Users.signUp("Erased soon");
        String laptop = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "laptop", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        // every credential works, and the second token is now in this replica's cache
        given().header("Authorization", "Bearer " + laptop).when().get("/api/v1/me").then().statusCode(200);
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("novelty", "discover")).when().put("/api/v1/me/preferences").then().statusCode(200);
        // where the user's Spotify sync stands (a signed-in Spotify user's row, as the sync leaves it)
        database.preparedQuery("INSERT INTO gateway.spotify_sync (user_id, cursor_after_ms, next_sync_at, last_sync_at,"
                        + " outcome, message, records_stored) VALUES ($1, 1722599815123, now(), now(), 'OK', '3 new plays stored', 3)")
                .execute(Tuple.of(UUID.fromString(user.userId()))).await().indefinitely();
        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(200)
                .body("spotifySync.outcome", equalTo("OK")).body("spotifySync.recordsStored", equalTo(3));

        ExtractableResponse<Response> accepted = given().header("Authorization", user.bearer())
                .when().delete("/api/v1/me")
                .then().statusCode(202)
                .body("status", equalTo("RUNNING"))
                .body("url", startsWith("/api/v1/me/erasure/"))
                .body("services.gateway", equalTo("PENDING"))
                .body("services.ingestion", equalTo("PENDING"))
                .extract();
        String erasureId = accepted.path("erasureId");
        assertEquals("/api/v1/me/erasure/" + erasureId, accepted.path("url"));

        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(401);
        given().header("Authorization", "Bearer " + laptop).when().get("/api/v1/me").then().statusCode(401);
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me").then().statusCode(401);
        assertEquals(0, count("SELECT count(*) FROM gateway.users WHERE id = $1", UUID.fromString(user.userId())));
        assertEquals(0, count("SELECT count(*) FROM gateway.access_tokens WHERE user_id = $1", UUID.fromString(user.userId())));
        assertEquals(0, count("SELECT count(*) FROM gateway.preferences WHERE user_id = $1", UUID.fromString(user.userId())));
        assertEquals(0, count("SELECT count(*) FROM gateway.spotify_sync WHERE user_id = $1", UUID.fromString(user.userId())));

        // anyone holding the id follows it, without credentials
        given().when().get("/api/v1/me/erasure/" + erasureId).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("erasureId", equalTo(erasureId));

        ConsumerRecord<String, String> event = KafkaTopicReader.find(ErasureEvents.USER_EVENTS_TOPIC,
                        payloadNames(erasureId), EVENTUALLY)
                .orElseThrow(() -> new AssertionError("no user.deleted for erasure " + erasureId));
        JsonNode deleted = JSON.readTree(event.value());
        assertEquals(user.userId(), event.key());
        assertEquals("user.deleted", deleted.path("type").asText());
        assertEquals(user.userId(), deleted.path("userId").asText());
        assertEquals(1, deleted.path("schemaVersion").asInt());
    }

    @Test
    void theErasureCompletesOnceEveryServiceReportedAndThenForgetsTheUserEverywhereInTheGateway() {
        Users.SignedUp user = Users.signUp("Reported");
        String erasureId = given().header("Authorization", user.bearer()).when().delete("/api/v1/me")
                .then().statusCode(202).extract().path("erasureId");
        // the gateway's own part comes from its consumer of user.deleted
        awaitStatus(erasureId, status -> "DONE".equals(status.path("services").path("gateway").asText()));

        ErasureEvents.ErasureRequest request = new ErasureEvents.ErasureRequest("test", user.userId(),
                UUID.fromString(erasureId), 1);
        for (String service : SERVICES.subList(0, SERVICES.size() - 1)) {
            report(request, service);
        }
        report(request, "chat");   // a report sent again changes nothing
        report(new ErasureEvents.ErasureRequest("test", user.userId(), UUID.randomUUID(), 1), "insights");   // an unknown erasure is ignored
        JsonNode almost = awaitStatus(erasureId,
                status -> "DONE".equals(status.path("services").path("ingestion").asText()));
        assertEquals("RUNNING", almost.path("status").asText());
        assertEquals("PENDING", almost.path("services").path("insights").asText());
        assertEquals(1, count("SELECT count(*) FROM gateway.outbox WHERE message_key = $1", user.userId()),
                "the user.deleted row stays until the erasure completed");

        report(request, "insights");
        JsonNode done = awaitStatus(erasureId, status -> "COMPLETED".equals(status.path("status").asText()));
        SERVICES.forEach(service -> assertEquals("DONE", done.path("services").path(service).asText(), service));
        assertTrue(done.hasNonNull("completedAt"));
        assertEquals(0, count("SELECT count(*) FROM gateway.outbox WHERE message_key = $1", user.userId()),
                "the outbox row named the user: gone with the erasure");
    }

    @Test
    void onlyTheAccountScopeMayEraseAndAnUnknownErasureIsNotFound() {
        Users.SignedUp user = Users.signUp("Careful");
        String reader = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "reader", "scopes", List.of("read", "write")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        given().header("Authorization", "Bearer " + reader).when().delete("/api/v1/me").then().statusCode(403);
        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().when().get("/api/v1/me/erasure/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/api/v1/me/erasure/not-an-id").then().statusCode(404);
        // a write with the session cookie needs the CSRF header, like every other
        given().cookie("echotune_session", user.sessionCookie()).when().delete("/api/v1/me").then().statusCode(403);
        given().cookie("echotune_session", user.sessionCookie()).cookie("echotune_csrf", user.csrfCookie())
                .header("X-CSRF-Token", user.csrfCookie())
                .when().delete("/api/v1/me").then().statusCode(202);
        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void anEventLeftInTheOutboxIsSentAndMarkedSent() {
        // as if committed while every relay was down, or claimed by a relay that died (its lease ran out)
        UUID id = UUID.randomUUID();
        String key = "outbox-test-" + id;
        String value = "{\"eventId\":\"" + id + "\",\"type\":\"test.outbox\",\"userId\":null,\"schemaVersion\":1,\"payload\":{}}";
        database.preparedQuery("INSERT INTO gateway.outbox (id, topic, message_key, payload, created_at, claimed_until)"
                        + " VALUES ($1, $2, $3, $4, now(), now() - interval '1 minute')")
                .execute(Tuple.of(id, ErasureEvents.USER_EVENTS_TOPIC, key, value)).await().atMost(Duration.ofSeconds(5));

        KafkaTopicReader.find(ErasureEvents.USER_EVENTS_TOPIC, r -> key.equals(r.key()) && value.equals(r.value()), EVENTUALLY)
                .orElseThrow(() -> new AssertionError("the outbox event never reached Kafka"));
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        while (count("SELECT count(*) FROM gateway.outbox WHERE id = $1 AND sent_at IS NOT NULL", id) == 0) {
            if (System.nanoTime() > deadline) {
                fail("the outbox row was never marked sent");
            }
            sleep();
        }
        database.preparedQuery("DELETE FROM gateway.outbox WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5));
    }

    private static Predicate<ConsumerRecord<String, String>> payloadNames(String erasureId) {
        return record -> record.value() != null && record.value().contains("\"erasureId\":\"" + erasureId + "\"");
    }

    private static void report(ErasureEvents.ErasureRequest request, String service) {
        KafkaTopicReader.send(ErasureEvents.REPORTS_TOPIC, request.userId(),
                ErasureEvents.completed(JSON, request, service, Instant.now()));
    }

    private static JsonNode awaitStatus(String erasureId, Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            String body = given().when().get("/api/v1/me/erasure/" + erasureId).then().statusCode(200).extract().asString();
            try {
                status = JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (wanted.test(status)) {
                return status;
            }
            sleep();
        }
        throw new AssertionError("erasure " + erasureId + " never got there; last status " + status);
    }

    private long count(String sql, Object parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
