package io.echotune.ingestion.imports.messaging;

import io.echotune.ingestion.imports.ImportJob;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventEnvelope;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Publishes import lifecycle events on echotune.import-events (keyed by user id) and waits for the broker's
 * acknowledgement: a downstream service (enrichment, insights caches) must not miss a finished import.
 * The eventId is derived from the import id, so a re-published event is recognisably the same event.
 */
@ApplicationScoped
public class ImportEventPublisher {

    public static final String COMPLETED = "import.completed";
    public static final String FAILED = "import.failed";

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final IngestionConfig config;

    public ImportEventPublisher(KafkaProducer<String, byte[]> producer, ObjectMapper json, IngestionConfig config) {
        this.producer = producer;
        this.json = json;
        this.config = config;
    }

    /** Payload of import.completed and import.failed. */
    @RegisterForReflection
    public record ImportOutcome(UUID importId, String status, long recordsRead, long recordsStored, long duplicates,
                                long rejected, Instant firstPlayedAt, Instant lastPlayedAt,
                                List<ImportJob.ImportedFile> files, String failure) {
    }

    public void publish(String type, String userId, ImportOutcome outcome) throws Exception {
        UUID eventId = UUID.nameUUIDFromBytes((type + ":" + outcome.importId()).getBytes(StandardCharsets.UTF_8));
        var envelope = new EventEnvelope<>(eventId, type, Instant.now(), userId, EventEnvelope.SCHEMA_VERSION, outcome);
        byte[] value;
        try {
            value = json.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            producer.send(new ProducerRecord<>(config.pipeline().importTopic(), userId, value))
                    .get(config.pipeline().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
