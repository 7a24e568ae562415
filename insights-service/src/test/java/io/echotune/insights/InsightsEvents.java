package io.echotune.insights;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events in the shapes their producers publish (docs/events.md), sent to the real broker and acknowledged. */
final class InsightsEvents {

    private InsightsEvents() {
    }

    static void send(String bootstrap, String topic, String key, String value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
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
