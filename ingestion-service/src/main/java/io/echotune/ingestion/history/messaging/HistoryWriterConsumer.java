package io.echotune.ingestion.history.messaging;

import io.echotune.commons.health.ConsumerStalls;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.HistoryIdMigration;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.history.service.HistoryWriter;
import io.echotune.ingestion.imports.messaging.ListeningEvents;
import io.echotune.ingestion.imports.messaging.ListeningRecordsJson;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.echotune.ingestion.imports.service.ImportFinaliser;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.echotune.ingestion.shared.kafka.KafkaClients;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The history writer: consumer group {@code ingestion-history-writer} on echotune.listening-events. Each message
 * is handled completely (a MongoDB bulk write, or the finalisation of an import) before its offset is committed;
 * a failure seeks the partition back to the failed message and retries after a pause, so nothing is skipped.
 * Stopping abandons what was handled but not yet committed: it is delivered again, and writing it again changes
 * nothing (deterministic ids, $setOnInsert).
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
    private final List<WriterLoop> loops = new ArrayList<>();

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
        for (int i = 0; i < config.pipeline().writerThreads(); i++) {
            WriterLoop loop = new WriterLoop("history-writer-" + i);
            loops.add(loop);
            loop.thread.start();
        }
        LOG.infof("History writer started (%d consumer(s), group %s)", loops.size(), config.pipeline().writerGroup());
    }

    /** Stops every consumer, abandoning handled but uncommitted messages (they are delivered again). */
    public synchronized void stop() {
        for (WriterLoop loop : loops) {
            loop.running = false;
            loop.consumer.wakeup();
        }
        for (WriterLoop loop : loops) {
            try {
                loop.thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
    }

    public synchronized boolean running() {
        return !loops.isEmpty();
    }

    private final class WriterLoop implements Runnable {
        final Thread thread;
        final KafkaConsumer<String, byte[]> consumer;
        volatile boolean running = true;
        /** Offsets of handled messages not committed yet (the broker was out of reach): committed with the next. */
        private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
        private boolean commitFailing;

        WriterLoop(String name) {
            this.consumer = kafka.consumer(config.pipeline().writerGroup(), "ingestion-" + name + "-" + UUID.randomUUID());
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(config.pipeline().listeningTopic()));
                while (running) {
                    ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(500));
                    if (!handleAll(polled)) {
                        pause();
                    }
                }
            } catch (WakeupException e) {
                // stop() was called
            } catch (RuntimeException e) {
                LOG.error("History writer stopped by an unexpected error", e);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        /** Handles a poll's messages in partition order; commits what was handled. False when one failed. */
        private boolean handleAll(ConsumerRecords<String, byte[]> polled) {
            Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
            boolean allHandled = true;
            for (TopicPartition partition : polled.partitions()) {
                for (ConsumerRecord<String, byte[]> record : polled.records(partition)) {
                    if (!running) {
                        return true;   // abandon: not committed, delivered again
                    }
                    try {
                        handle(record);
                        handled.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        stalls.succeeded(CONSUMER);
                    } catch (Exception e) {
                        stalls.failed(CONSUMER, e);
                        LOG.errorf(e, "Writing %s offset %d failed; retrying from there", partition, record.offset());
                        consumer.seek(partition, record.offset());
                        allHandled = false;
                        break;
                    }
                }
            }
            uncommitted.putAll(handled);
            if (!uncommitted.isEmpty() && running) {
                commit();
            }
            return allHandled;
        }

        /**
         * Commits what was handled. A broker out of reach for longer than the commit's timeout must not end the
         * writer (the import would stay RUNNING for good): the offsets are kept and committed once it answers again.
         * After a rebalance they are no longer this consumer's to commit: the new owner receives those messages
         * again, which the writer recognises as its own batches and stores nothing twice.
         */
        private void commit() {
            try {
                consumer.commitSync(uncommitted);
                uncommitted.clear();
                if (commitFailing) {
                    commitFailing = false;
                    stalls.succeeded(CONSUMER);
                }
            } catch (RetriableException e) {
                commitFailing = true;
                stalls.failed(CONSUMER, e);
                LOG.warnf("Committing the history writer's offsets failed (%s); trying again with the next poll",
                        e.getMessage());
            } catch (CommitFailedException e) {
                LOG.warnf("The history writer's partitions moved before its offsets were committed; the new owner "
                        + "receives those messages again: %s", e.getMessage());
                uncommitted.clear();
            }
        }

        private void pause() {
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
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
                HistoryWriter.Outcome outcome = writer.write(userId, payload.importId(), payload.fileNo(), payload.batchNo(), payload.records())
                        .await().atMost(STORE_TIMEOUT);
                // after the store write: a failure here brings the message again, which then finds it stored
                boolean counted = jobs.addWritten(payload.importId(), payload.fileNo(), payload.batchNo(),
                        payload.records().size()).await().atMost(STORE_TIMEOUT);
                if (!counted && jobs.find(payload.importId()).await().atMost(STORE_TIMEOUT) == null) {
                    // the import's user was erased while its batches were on their way: keep nothing of them
                    history.deleteBatch(userId, payload.records().stream().map(ListeningRecord::id).toList())
                            .chain(() -> history.deleteTallies(List.of(payload.importId().toString())))
                            .await().atMost(STORE_TIMEOUT);
                    LOG.infof("Import %s no longer exists (erased): batch %d of file %d deleted again",
                            payload.importId(), payload.batchNo(), payload.fileNo());
                    return;
                }
                LOG.debugf("Import %s file %d batch %d: %s%s", payload.importId(), payload.fileNo(), payload.batchNo(),
                        outcome, counted ? "" : " (progress counted it before)");
            }
            case ListeningEvents.SEALED -> {
                UUID importId;
                try {
                    importId = UUID.fromString(json.readTree(record.value()).path("payload").path("importId").asText());
                } catch (IllegalArgumentException e) {
                    skipMalformed(record, "importId is not a UUID");
                    return;
                }
                finaliser.finalise(importId);
            }
            default -> LOG.debugf("Message of type '%s' ignored", type);
        }
    }

    private static void skipMalformed(ConsumerRecord<String, byte[]> record, String why) {
        LOG.errorf("Malformed message at %s-%d offset %d skipped: %s", record.topic(), record.partition(),
                record.offset(), why);
    }
}
