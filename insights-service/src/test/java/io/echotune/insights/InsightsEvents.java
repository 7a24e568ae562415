package io.echotune.insights;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events in the shapes their producers publish (docs/events.md), sent to the real broker and acknowledged. */
final class InsightsEvents {

    private InsightsEvents() {
    }

    static void send(String bootstrap, String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /**
     * The partition a record keyed {@code key} goes to (the producer's default partitioner for a keyed record): a
     * consumer handles one partition in order, so an event seen handled on it means every earlier one was too.
     */
    static int partitionOf(String bootstrap, String topic, String key) {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            int partitions = producer.partitionsFor(topic).size();
            return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /** An import or user event of {@code type} about {@code user}. */
    static String userEvent(String type, String user) {
        return """
                {"eventId": "%s", "type": "%s", "occurredAt": "%s", "userId": "%s", "schemaVersion": 1,
                 "payload": {"importId": "%s", "recordsRead": 1, "recordsStored": 1}}"""
                .formatted(UUID.randomUUID(), type, Instant.now(), user, UUID.randomUUID());
    }

    /** track.features-resolved for a catalog track (a fact about a track: no user). */
    static String trackFeaturesResolved(String trackId, String genre) {
        return """
                {"eventId": "feat-%s-catalog", "type": "track.features-resolved", "occurredAt": "%s", "userId": null,
                 "schemaVersion": 1, "payload": {"trackId": "%s", "source": "catalog", "genres": ["%s"],
                 "features": {"energy": 0.31, "valence": 0.52}}}"""
                .formatted(trackId, Instant.now(), trackId, genre);
    }
}
