package io.echotune.ingestion.history.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.health.ConsumerStalls;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.HistoryIdMigration;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.history.service.HistoryWriter;
import io.echotune.ingestion.imports.messaging.ListeningEvents;
import io.echotune.ingestion.imports.messaging.ListeningRecordsJson;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.echotune.ingestion.imports.service.ImportFinaliser;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.CommittingConsumer;
import io.echotune.ingestion.shared.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The history writer: consumer group {@code ingestion-history-writer} on echotune.listening-events. Each message
 * is handled completely (a MongoDB bulk write, or the finalisation of an import) before its offset is committed;
 * a failure seeks the partition back to the failed message and retries after a pause, so nothing is skipped.
 * Stopping abandons what was handled but not yet committed: it is delivered again, and writing it again changes
 * nothing (deterministic ids, $setOnInsert). The loop, and how it commits when the broker is away or the
 * partitions moved, is {@link CommittingConsumer}'s: one message at a time.
 * <p>
 * A message of records is written to MongoDB (with its tally, see {@link HistoryWriter}) and then added to the
 * job's progress in PostgreSQL; when PostgreSQL fails in between, the message comes again and finds its records
 * and its tally stored, and the progress adds each batch once ({@link ImportJobRepository#addWritten}). While a
 * store is down the writer retries the same message every 2 s and readiness check {@code event-consumers} names it
 * ({@link ConsumerStalls}); no import can complete meanwhile, since its seal waits behind its batches.
 */
@ApplicationScoped
public class HistoryWriterConsumer {

    private static final Logger LOG = Logger.getLogger(HistoryWriterConsumer.class);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    /** The writer's name in readiness check event-consumers. */
    static final String CONSUMER = "history-writer";

    private final KafkaClients kafka;
    private final IngestionConfig config;
    private final ObjectMapper json;
    private final HistoryWriter writer;
    private final ImportFinaliser finaliser;
    private final ImportJobRepository jobs;
    private final HistoryIdMigration migration;
    private final ConsumerStalls stalls;
    private final ListeningHistoryRepository history;
    private final List<CommittingConsumer> loops = new ArrayList<>();

    public HistoryWriterConsumer(KafkaClients kafka, IngestionConfig config, ObjectMapper json, HistoryWriter writer,
                                 ImportFinaliser finaliser, ImportJobRepository jobs, HistoryIdMigration migration,
                                 ConsumerStalls stalls, ListeningHistoryRepository history) {
        this.history = history;
        this.migration = migration;
        this.stalls = stalls;
        this.kafka = kafka;
        this.config = config;
        this.json = json;
        this.writer = writer;
        this.finaliser = finaliser;
        this.jobs = jobs;
    }

    /**
     * Starts the writers once the record id migration is done (see {@link HistoryIdMigration}): off the startup
     * thread, since a large old store takes a while, and retried while MongoDB is unreachable. Until then, batches
     * wait in Kafka.
     */
    void onStart(@Observes StartupEvent event) {
        if (!config.pipeline().writerEnabled()) {
            return;
        }
        Thread starter = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    start();
                    return;
                } catch (RuntimeException e) {
                    LOG.warnf("The history writer cannot start yet (%s); retrying in %d s", e.toString(),
                            RETRY_PAUSE.toSeconds() * 5);
                    try {
                        Thread.sleep(RETRY_PAUSE.toMillis() * 5);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, "history-writer-starter");
        starter.setDaemon(true);
        starter.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (!loops.isEmpty()) {
            return;
        }
        migration.run();
        CommittingConsumer.Health health = new CommittingConsumer.Health() {
            @Override
            public void succeeded() {
                stalls.succeeded(CONSUMER);
            }

            @Override
            public void failed(Throwable failure) {
                stalls.failed(CONSUMER, failure);
            }
        };
        for (int i = 0; i < config.pipeline().writerThreads(); i++) {
            CommittingConsumer loop = CommittingConsumer.perMessage(kafka, config.pipeline().writerGroup(),
                    config.pipeline().listeningTopic(), "history-writer-" + i, health, this::handle);
            loops.add(loop);
            loop.start();
        }
        LOG.infof("History writer started (%d consumer(s), group %s)", loops.size(), config.pipeline().writerGroup());
    }

    /** Stops every consumer, abandoning handled but uncommitted messages (they are delivered again). */
    public synchronized void stop() {
        loops.forEach(CommittingConsumer::signalStop);
        loops.forEach(CommittingConsumer::awaitStop);
        loops.clear();
    }

    public synchronized boolean running() {
        return !loops.isEmpty();
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        ListeningRecordsJson.Parsed parsed;
        try {
            parsed = ListeningRecordsJson.read(json.getFactory(), record.value());
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf("Unreadable message at %s-%d offset %d skipped: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        String type = parsed.type() == null ? "" : parsed.type();
        String userId = parsed.userId();
        // A message that breaks the contract is skipped with an error, never retried: retrying could not fix it,
        // and it would hold up every import behind it on its partition. Store failures are retried (thrown).
        switch (type) {
            case ListeningEvents.RECORDS -> {
                ListeningEvents.RecordsPayload payload = parsed.payload();
                if (userId == null || payload == null || payload.importId() == null || payload.records() == null) {
                    skipMalformed(record, "userId, payload, importId or records missing");
                    return;
                }
                // the consumer thread waits here, once per message, for the whole reactive write
                writeRecords(userId, payload).await().atMost(STORE_TIMEOUT);
            }
            case ListeningEvents.SEALED -> {
                UUID importId;
                try {
                    importId = UUID.fromString(json.readTree(record.value()).path("payload").path("importId").asText());
                } catch (IllegalArgumentException e) {
                    skipMalformed(record, "importId is not a UUID");
                    return;
                }
                finaliser.finalise(importId).await().atMost(STORE_TIMEOUT);
            }
            default -> LOG.debugf("Message of type '%s' ignored", type);
        }
    }

    /**
     * The batch's records and tally into MongoDB, then the batch into the job's progress in PostgreSQL: after the
     * store write, so that a failure in between brings the message again, which then finds it stored.
     */
    private Uni<Void> writeRecords(String userId, ListeningEvents.RecordsPayload payload) {
        UUID importId = payload.importId();
        return writer.write(userId, importId, payload.fileNo(), payload.batchNo(), payload.records())
                .chain(outcome -> jobs.addWritten(importId, payload.fileNo(), payload.batchNo(),
                        payload.records().size()).chain(counted -> {
                    if (counted) {
                        logWritten(payload, outcome, "");
                        return Uni.createFrom().voidItem();
                    }
                    return jobs.find(importId).chain(job -> {
                        if (job != null) {
                            logWritten(payload, outcome, " (progress counted it before)");
                            return Uni.createFrom().voidItem();
                        }
                        // the import's user was erased while its batches were on their way: keep nothing of them
                        return history.deleteBatch(userId, payload.records().stream().map(ListeningRecord::id).toList())
                                .chain(() -> history.deleteTallies(List.of(importId.toString())))
                                .invoke(() -> LOG.infof("Import %s no longer exists (erased): batch %d of file %d "
                                        + "deleted again", importId, payload.batchNo(), payload.fileNo()));
                    });
                }));
    }

    private static void logWritten(ListeningEvents.RecordsPayload payload, HistoryWriter.Outcome outcome,
                                   String note) {
        LOG.debugf("Import %s file %d batch %d: %s%s", payload.importId(), payload.fileNo(), payload.batchNo(),
                outcome, note);
    }

    private static void skipMalformed(ConsumerRecord<String, byte[]> record, String why) {
        LOG.errorf("Malformed message at %s-%d offset %d skipped: %s", record.topic(), record.partition(),
                record.offset(), why);
    }
}
