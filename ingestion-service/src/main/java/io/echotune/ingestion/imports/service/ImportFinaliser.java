package io.echotune.ingestion.imports.service;

import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.messaging.ImportEventPublisher;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

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

    private final ImportJobRepository jobs;
    private final ListeningHistoryRepository history;
    private final ImportEventPublisher events;

    public ImportFinaliser(ImportJobRepository jobs, ListeningHistoryRepository history, ImportEventPublisher events) {
        this.jobs = jobs;
        this.history = history;
        this.events = events;
    }

    /**
     * Counts the import from its tallies, announces import.completed (acknowledged) and only then marks the job
     * COMPLETED; a redelivered seal finds the job ended and does nothing. Reactive: the history writer waits for it.
     */
    public Uni<Void> finalise(UUID importId) {
        return jobs.find(importId).chain(stored -> {
            if (stored == null) {
                // unknown: erased with its user while its batches were on their way (their tallies go too)
                return history.deleteTallies(List.of(importId.toString()))
                        .invoke(() -> LOG.warnf("Seal of unknown import %s ignored", importId));
            }
            ImportJob job = stored.job();
            if (job.status().ended()) {
                return Uni.createFrom().voidItem();   // a redelivered seal
            }
            return history.storedByFile(importId).chain(storedByFile -> {
                Counts counts = count(importId, job, storedByFile);
                return events.publish(ImportEventPublisher.COMPLETED, stored.userId(),
                                new ImportEventPublisher.ImportOutcome(importId, "COMPLETED", job.recordsRead(),
                                        counts.stored(), counts.duplicates(), job.rejected(), job.firstPlayedAt(),
                                        job.lastPlayedAt(), counts.files(), null))
                        .chain(() -> jobs.complete(importId, counts.files(), counts.stored(), counts.duplicates(),
                                Instant.now()))
                        .invoke(() -> LOG.infof("Import %s completed: %d read, %d stored, %d duplicates, %d rejected",
                                importId, job.recordsRead(), counts.stored(), counts.duplicates(), job.rejected()))
                        .replaceWithVoid();
            });
        });
    }

    /** The import's files with what each stored and duplicated, and the totals. */
    private record Counts(List<ImportJob.ImportedFile> files, long stored, long duplicates) {
    }

    private static Counts count(UUID importId, ImportJob job, Map<Integer, Long> storedByFile) {
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
        return new Counts(files, recordsStored, duplicates);
    }
}
