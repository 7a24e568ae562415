package io.echotune.ingestion.imports.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventEnvelope;
import io.echotune.ingestion.shared.kafka.EventSender;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Sends an import's records to echotune.listening-events, keyed by user id so that all of a user's messages share
 * one partition and keep their order. Several records travel in one message (a batch of one file); the import ends
 * with a seal on the same partition, sent only after every batch was acknowledged.
 */
@ApplicationScoped
public class ListeningEventProducer {

    private final EventSender sender;
    private final ObjectMapper json;
    private final IngestionConfig config;

    public ListeningEventProducer(EventSender sender, ObjectMapper json, IngestionConfig config) {
        this.sender = sender;
        this.json = json;
        this.config = config;
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
    public void sendRecords(EventSender.Acks acks, String userId, UUID importId, int fileNo, long batchNo,
                            List<ListeningRecord> records) {
        var envelope = EventSender.envelope(importId + ":" + fileNo + ":" + batchNo, ListeningEvents.RECORDS, userId,
                new ListeningEvents.RecordsPayload(importId, fileNo, batchNo, records));
        sender.send(acks, config.pipeline().listeningTopic(), userId,
                ListeningRecordsJson.write(json.getFactory(), envelope));
    }

    /** Waits for every batch sent so far, then sends the seal and waits for its acknowledgement. */
    public void seal(EventSender.Acks acks, String userId, UUID importId, long recordsSent, long batches)
            throws Exception {
        sender.confirm(acks);
        var envelope = EventSender.envelope(importId + ":sealed", ListeningEvents.SEALED, userId,
                new ListeningEvents.SealedPayload(importId, recordsSent, batches));
        try {
            sender.sendAndWait(config.pipeline().listeningTopic(), userId, sender.toJson(envelope),
                    config.pipeline().sendTimeout());
        } catch (TimeoutException e) {
            throw new TimeoutException("The broker did not acknowledge the seal of import " + importId + " in time");
        }
    }
}
