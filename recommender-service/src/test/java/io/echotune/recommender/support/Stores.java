package io.echotune.recommender.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Direct access to the real stores for tests: the MongoDB collections the recommender reads and writes, and a Kafka
 * producer that sends events exactly as their producers do (docs/events.md).
 */
public final class Stores {

    private static MongoClient mongo;
    private static KafkaProducer<String, String> producer;

    private Stores() {
    }

    public static synchronized MongoCollection<Document> collection(String name) {
        if (mongo == null) {
            mongo = MongoClients.create(RecommenderTestEnvironment.mongoUri());
        }
        return mongo.getDatabase(RecommenderTestEnvironment.DATABASE).getCollection(name);
    }

    public static MongoCollection<Document> history() {
        return collection("listening_history");
    }

    public static MongoCollection<Document> profiles() {
        return collection("taste_profiles");
    }

    public static MongoCollection<Document> profileVersions() {
        return collection("taste_profile_versions");
    }

    public static MongoCollection<Document> feedback() {
        return collection("recommendation_feedback");
    }

    public static MongoCollection<Document> tracks() {
        return collection("tracks");
    }

    public static MongoCollection<Document> artists() {
        return collection("artists");
    }

    public static MongoCollection<Document> trackNames() {
        return collection("track_names");
    }

    /** Stores a real export as the user's history, the way the ingestion service's writer does; returns the count. */
    public static int importHistory(String userId, String export) {
        List<Document> docs = ExportedHistories.documents(userId, ExportedHistories.load(export));
        for (int i = 0; i < docs.size(); i += 2_000) {
            history().insertMany(docs.subList(i, Math.min(docs.size(), i + 2_000)), new InsertManyOptions().ordered(false));
        }
        return docs.size();
    }

    /** Publishes import.completed for the user (the ingestion service's event, schemaVersion 1). */
    public static void completeImport(String userId, int records) {
        String importId = UUID.randomUUID().toString();
        send("echotune.import-events", userId, envelope("imp-" + importId, "import.completed", userId,
                "{\"importId\": \"" + importId + "\", \"status\": \"COMPLETED\", \"recordsRead\": " + records
                        + ", \"recordsStored\": " + records + ", \"duplicates\": 0, \"rejected\": 0, \"files\": [], "
                        + "\"failure\": null}"));
    }

    /**
     * An event envelope as docs/events.md defines it. The eventId is a UUID derived from {@code name}: these events
     * go on the real topics, where every other consumer (ingestion's history writer among them) reads them too.
     */
    public static String envelope(String name, String type, String userId, String payload) {
        String eventId = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"" + type + "\", \"occurredAt\": \"" + Instant.now()
                + "\", \"userId\": " + (userId == null ? "null" : "\"" + userId + "\"") + ", \"schemaVersion\": 1, "
                + "\"payload\": " + payload + "}";
    }

    public static synchronized void send(String topic, String key, String value) {
        if (producer == null) {
            String bootstrap = System.getenv("ECHOTUNE_KAFKA_BOOTSTRAP");
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /** Waits until the user's profile has been rebuilt from exactly this many history records. */
    public static Document awaitProfile(String userId, long historyRecords) {
        TestWaits.untilTrue("the profile of " + userId + " built from " + historyRecords + " records", () -> {
            Document d = profiles().find(Filters.eq("_id", userId)).first();
            return d != null && ((Number) d.get("historyRecords")).longValue() == historyRecords;
        });
        return profiles().find(Filters.eq("_id", userId)).first();
    }

    public static void removeUser(String userId) {
        history().deleteMany(Filters.eq("userId", userId));
        profileVersions().deleteMany(Filters.eq("_id", userId));
        profiles().deleteMany(Filters.eq("_id", userId));
        feedback().deleteMany(Filters.eq("userId", userId));
    }

    public static List<Document> plays(String userId) {
        return history().find(Filters.eq("userId", userId)).into(new ArrayList<>());
    }
}
