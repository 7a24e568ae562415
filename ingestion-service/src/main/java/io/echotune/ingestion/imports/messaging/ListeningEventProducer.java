package io.echotune.ingestion.imports.messaging;

import io.echotune.ingestion.history.ListeningRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends an import's records to echotune.listening-events, keyed by user id so that all of a user's messages share
 * one partition and keep their order. Several records travel in one message (a batch of one file); the import ends
 * with a seal on the same partition, sent only after every batch was acknowledged.
 */
@ApplicationScoped
public class ListeningEventProducer {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final IngestionConfig config;

    public ListeningEventProducer(KafkaProducer<String, byte[]> producer, ObjectMapper json, IngestionConfig config) {
        this.producer = producer;
        this.json = json;
        this.config = config;
    }

    /** Tracks the acknowledgements of one import's sends. */
    public static final class Acks {
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        /** Throws the first send failure, if any. */
        public void check() throws Exception {
            Exception e = failure.get();
            if (e != null) {
                throw e;
            }
        }
    }

    /**
     * The bytes of record JSON one message may carry for this user: the configured message size less the envelope
     * around the records (measured with the widest numbers, plus room for the varying length of occurredAt).
     */
    public long recordBytesPerMessage(String userId) {
        UUID widest = new UUID(-1L, -1L);
        var empty = new EventEnvelope<>(widest, ListeningEvents.RECORDS, Instant.now(), userId,
                EventEnvelope.SCHEMA_VERSION, new ListeningEvents.RecordsPayload(widest, Integer.MIN_VALUE,
                Long.MIN_VALUE, List.of()));
        int envelope = ListeningRecordsJson.write(json.getFactory(), empty).length + 40;
        return config.pipeline().maxMessageBytes() - envelope;
    }

    /**
     * Sends one batch asynchronously; blocks only when the producer's buffer is full (back-pressure). A failed send
     * is recorded in {@code acks}.
     */
    public void sendRecords(Acks acks, String userId, UUID importId, int fileNo, long batchNo,
                            List<ListeningRecord> records) {
        UUID eventId = UUID.nameUUIDFromBytes((importId + ":" + fileNo + ":" + batchNo).getBytes(StandardCharsets.UTF_8));
        var envelope = new EventEnvelope<>(eventId, ListeningEvents.RECORDS, Instant.now(), userId,
                EventEnvelope.SCHEMA_VERSION, new ListeningEvents.RecordsPayload(importId, fileNo, batchNo, records));
        producer.send(new ProducerRecord<>(config.pipeline().listeningTopic(), userId,
                        ListeningRecordsJson.write(json.getFactory(), envelope)),
                (metadata, error) -> {
                    if (error != null) {
                        acks.failure.compareAndSet(null, error);
                    }
                });
    }

    /** Waits for every batch sent so far, then sends the seal and waits for its acknowledgement. */
    public void seal(Acks acks, String userId, UUID importId, long recordsSent, long batches) throws Exception {
        producer.flush();
        acks.check();
        UUID eventId = UUID.nameUUIDFromBytes((importId + ":sealed").getBytes(StandardCharsets.UTF_8));
        var envelope = new EventEnvelope<>(eventId, ListeningEvents.SEALED, Instant.now(), userId,
                EventEnvelope.SCHEMA_VERSION, new ListeningEvents.SealedPayload(importId, recordsSent, batches));
        try {
            producer.send(new ProducerRecord<>(config.pipeline().listeningTopic(), userId, bytes(envelope)))
                    .get(config.pipeline().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("The broker did not acknowledge the seal of import " + importId + " in time");
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
