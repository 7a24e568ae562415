package io.echotune.ingestion.catalog.enrichment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends enrichment.requested (keyed by track key) and track.features-resolved (keyed by track id) with the shared
 * idempotent producer. Sends are asynchronous; {@link #confirm} waits until the broker acknowledged every send so
 * far and throws the first failure, and callers confirm before they commit or record anything that depends on it.
 * Event ids are name-based UUIDs of what the event says, so a re-sent event is recognisably the same one.
 */
@ApplicationScoped
public class EnrichmentEventPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final IngestionConfig.Enrichment config;

    public EnrichmentEventPublisher(KafkaProducer<String, byte[]> producer, ObjectMapper json, IngestionConfig config) {
        this.producer = producer;
        this.json = json;
        this.config = config.enrichment();
    }

    /** The acknowledgements of one batch of sends. */
    public static final class Sends {
        private final AtomicReference<Exception> failure = new AtomicReference<>();
    }

    public Sends newBatch() {
        return new Sends();
    }

    public void requested(Sends sends, String userId, EnrichmentEvents.Requested request) {
        UUID eventId = uuid(EnrichmentEvents.REQUESTED + ":" + request.importId() + ":" + request.trackKey());
        send(sends, config.requestTopic(), request.trackKey(),
                new EventEnvelope<>(eventId, EnrichmentEvents.REQUESTED, Instant.now(), userId,
                        EventEnvelope.SCHEMA_VERSION, request));
    }

    public void featuresResolved(Sends sends, EnrichmentEvents.FeaturesResolved resolved) {
        // the same facts give the same id; new facts about the track (more features, genres) a new one
        UUID eventId = uuid(EnrichmentEvents.FEATURES_RESOLVED + ":" + resolved.trackId() + ":" + resolved.source()
                + ":" + resolved.features() + ":" + resolved.genres());
        send(sends, config.featuresTopic(), resolved.trackId(),
                new EventEnvelope<>(eventId, EnrichmentEvents.FEATURES_RESOLVED, Instant.now(), null,
                        EventEnvelope.SCHEMA_VERSION, resolved));
    }

    /** Waits for every send of the batch to be acknowledged; throws the first failure. */
    public void confirm(Sends sends) throws Exception {
        producer.flush();
        Exception e = sends.failure.get();
        if (e != null) {
            throw e;
        }
    }

    private void send(Sends sends, String topic, String key, Object envelope) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                sends.failure.compareAndSet(null, error);
            }
        });
    }

    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
