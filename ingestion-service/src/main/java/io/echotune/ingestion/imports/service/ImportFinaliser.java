package io.echotune.ingestion.imports.service;

import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.messaging.ImportEventPublisher;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Ends an import when the history writer reaches its seal: by then every record of the import has been written
 * (same partition, in order). recordsStored is the sum of the per-batch tallies, each counted in the store right
 * after the batch was written (the batch's documents attributed to this import), never from how many upserts a
 * delivery happened to do, so a crash or a redelivery cannot skew it;
 * duplicates = recordsRead - recordsStored - rejected. import.completed is published (and acknowledged) before the
 * job is marked COMPLETED: if the writer dies in between, the redelivered seal publishes the same event again
 * (same eventId) and completes the job.
 */
@ApplicationScoped
public class ImportFinaliser {

    private static final Logger LOG = Logger.getLogger(ImportFinaliser.class);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);

    private final ImportJobRepository jobs;
    private final ListeningHistoryRepository history;
    private final ImportEventPublisher events;

    public ImportFinaliser(ImportJobRepository jobs, ListeningHistoryRepository history, ImportEventPublisher events) {
        this.jobs = jobs;
        this.history = history;
        this.events = events;
    }

    /** Blocking: called on the history writer's thread. */
    public void finalise(UUID importId) throws Exception {
        ImportJobRepository.StoredJob stored = jobs.find(importId).await().atMost(STORE_TIMEOUT);
        if (stored == null) {
            // unknown: erased with its user while its batches were on their way (their tallies go too)
            history.deleteTallies(List.of(importId.toString())).await().atMost(STORE_TIMEOUT);
            LOG.warnf("Seal of unknown import %s ignored", importId);
            return;
        }
        ImportJob job = stored.job();
        if (job.status().ended()) {
            return;   // a redelivered seal
        }
        Map<Integer, Long> storedByFile = history.storedByFile(importId).await().atMost(STORE_TIMEOUT);
        List<ImportJob.ImportedFile> files = new ArrayList<>();
        long recordsStored = 0;
        long duplicates = 0;
        for (ImportJob.ImportedFile f : job.files()) {
            long s = storedByFile.getOrDefault(f.fileNo(), 0L);
            long d = f.recordsRead() - s - f.rejected();
            if (d < 0) {
                LOG.errorf("Import %s file %d: %d stored exceeds %d read - %d rejected", importId, f.fileNo(), s,
                        f.recordsRead(), f.rejected());
            }
            files.add(new ImportJob.ImportedFile(f.fileNo(), f.name(), f.format(), f.recordsRead(), s, d, f.rejected()));
            recordsStored += s;
            duplicates += d;
        }
        events.publish(ImportEventPublisher.COMPLETED, stored.userId(), new ImportEventPublisher.ImportOutcome(
                importId, "COMPLETED", job.recordsRead(), recordsStored, duplicates, job.rejected(),
                job.firstPlayedAt(), job.lastPlayedAt(), files, null));
        jobs.complete(importId, files, recordsStored, duplicates, Instant.now()).await().atMost(STORE_TIMEOUT);
        LOG.infof("Import %s completed: %d read, %d stored, %d duplicates, %d rejected", importId, job.recordsRead(),
                recordsStored, duplicates, job.rejected());
    }
}
