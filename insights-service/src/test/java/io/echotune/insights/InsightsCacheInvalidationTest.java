package io.echotune.insights;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Insights are served from Redis until an event says the user's history changed: a record written behind the
 * service's back stays invisible until {@code import.completed} (or {@code user.deleted}) for that user arrives.
 */
@QuarkusTest
class InsightsCacheInvalidationTest {

    private static final String SUMMARY = "/api/v1/insights/summary";
    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(30);

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final List<String> users = new ArrayList<>();

    @AfterEach
    void removeTestHistory() {
        users.forEach(user -> history().deleteMany(Filters.eq("userId", user)));
    }

    @Test
    void cachedFiguresStayUntilAnImportOfThatUserCompletes() {
        String user = newUser();
        String other = newUser();
        history().insertOne(play(user, "2024-05-01T10:00:00Z"));
        history().insertOne(play(other, "2024-05-01T10:00:00Z"));
        assertEquals(1, records(user));
        assertEquals(1, records(other));

        history().insertOne(play(user, "2024-05-02T10:00:00Z"));
        history().insertOne(play(other, "2024-05-02T10:00:00Z"));
        assertEquals(1, records(user), "the second call is served from the cache");

        send("echotune.import-events", user, event("import.started", user));   // a type this service ignores
        send("echotune.import-events", user, event("import.completed", user));
        awaitRecords(user, 2);
        assertEquals(1, records(other), "another user's cache is untouched");
    }

    @Test
    void erasingTheUserDropsTheirCachedFigures() {
        String user = newUser();
        history().insertOne(play(user, "2024-05-01T10:00:00Z"));
        assertEquals(1, records(user));
        history().deleteMany(Filters.eq("userId", user));
        assertEquals(1, records(user));

        send("echotune.user-events", user, event("user.deleted", user));
        awaitRecords(user, 0);
    }

    private void awaitRecords(String user, int expected) {
        Instant deadline = Instant.now().plus(EVENT_DEADLINE);
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = records(user);
            if (seen == expected) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("expected " + expected + " records after the event, still " + seen);
    }

    private int records(String user) {
        return given().header("Authorization", bearer(user))
                .when().get(SUMMARY)
                .then().statusCode(200)
                .extract().path("records");
    }

    private void send(String topic, String user, String value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, user, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    private static String event(String type, String user) {
        return """
                {"eventId": "%s", "type": "%s", "occurredAt": "%s", "userId": "%s", "schemaVersion": 1,
                 "payload": {"importId": "%s", "recordsRead": 1, "recordsStored": 1}}"""
                .formatted(UUID.randomUUID(), type, Instant.now(), user, UUID.randomUUID());
    }

    private static Document play(String user, String playedAt) {
        return musicPlay(user, playedAt, "spotify:track:" + randomTrackId(), "Track", "Artist", 60_000, "trackdone");
    }

    private String newUser() {
        String user = "cache-" + UUID.randomUUID();
        users.add(user);
        return user;
    }

    private MongoCollection<Document> history() {
        return mongo.getDatabase("echotune").getCollection("listening_history");
    }
}
