package io.echotune.ingestion.imports.service;

import io.echotune.commons.messaging.UntilStored;
import io.echotune.ingestion.catalog.repository.ImportTrackRepository.ImportTrack;
import io.echotune.ingestion.catalog.repository.ImportTrackRepository;
import io.echotune.ingestion.history.ContentType;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.messaging.ImportEventPublisher;
import io.echotune.ingestion.imports.messaging.ListeningEventProducer;
import io.echotune.ingestion.imports.messaging.ListeningRecordsJson;
import io.echotune.ingestion.imports.parsing.FieldLimits;
import io.echotune.ingestion.imports.parsing.HistoryFileReader;
import io.echotune.ingestion.imports.parsing.MalformedFileException;
import io.echotune.ingestion.imports.parsing.PlayNormaliser;
import io.echotune.ingestion.imports.parsing.RecordSink;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventSender;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The parsing side of an import, on its own bounded pool of platform threads (parsing is CPU work): reads every
 * history file a second time as a stream, validates each record, sends the valid ones to Kafka in batches, counts
 * what it read and rejected, then seals the import. The history writer does the storing and the final counts.
 * It also collects the import's unique music tracks (ingestion.import_tracks) for the enrichment requester, which
 * acts on import.completed.
 * <p>
 * What the import cannot end without (RUNNING, its tracks, its read and rejected counts, the seal, a failure) is
 * written to PostgreSQL until it is stored ({@link UntilStored}: retried with back-off while PostgreSQL is down, the
 * wait shown by readiness check {@code event-consumers} as {@code import-worker}); every such write is idempotent.
 * Giving up instead would leave the job QUEUED or RUNNING for good, since recording the failure needs the same
 * PostgreSQL. Progress while parsing is best effort.
 */
@ApplicationScoped
public class ImportWorker {

    private static final Logger LOG = Logger.getLogger(ImportWorker.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
    private static final long PROGRESS_EVERY = 50_000;
    /** The workers' name in readiness check event-consumers while they wait for PostgreSQL. */
    static final String STALL_NAME = "import-worker";
    /** The failure of an import whose staged uploads disappeared before (or while) its worker read them. */
    public static final String LOST_FILES = "the uploaded files were lost before they could be imported; upload again";

    private final IngestionConfig config;
    private final ImportJobRepository jobs;
    private final ListeningEventProducer producer;
    private final ImportEventPublisher events;
    private final ImportTrackRepository importTracks;
    private final UntilStored untilStored;
    private final ExecutorService pool;

    public ImportWorker(IngestionConfig config, ImportJobRepository jobs, ListeningEventProducer producer,
                        ImportEventPublisher events, ImportTrackRepository importTracks, UntilStored untilStored) {
        this.config = config;
        this.untilStored = untilStored;
        this.jobs = jobs;
        this.producer = producer;
        this.events = events;
        this.importTracks = importTracks;
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.parallelImports(), r -> {
            Thread t = new Thread(r, "import-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A staged, validated upload waiting for its worker. */
    public record StagedImport(UUID importId, String userId, UploadPlan plan, Path directory, List<Path> uploads) {
    }

    public void submit(StagedImport staged) {
        pool.submit(() -> run(staged));
    }

    /**
     * Runs one import to its seal, or fails it: whatever goes wrong here (an Error too: OutOfMemoryError,
     * StackOverflowError) ends the job FAILED with a reason, so an import never stays QUEUED or RUNNING because its
     * worker died. A PostgreSQL outage is waited out, not turned into a failure. (If the instance stops while
     * recording a failure, the job stays unsealed in this instance's name and the next start-up recovery fails it,
     * as its files are gone by then.)
     */
    void run(StagedImport staged) {
        UUID importId = staged.importId();
        try {
            if (!stagedFilesPresent(staged)) {
                LOG.errorf("Import %s: the staged uploads in %s are gone", importId, staged.directory());
                fail(importId, staged.userId(), LOST_FILES);
                return;
            }
            Instant startedAt = Instant.now();
            waitUntilStored("marking it RUNNING", importId, () -> jobs.markRunning(importId, startedAt));
            parseAndSend(staged);
        } catch (ImportErased e) {
            LOG.infof("Import %s stopped: its user was erased", importId);
        } catch (Throwable e) {
            LOG.errorf(e, "Import %s failed", importId);
            fail(importId, staged.userId(), reasonFor(e));
        } finally {
            StagingArea.deleteQuietly(staged.directory());
        }
    }

    private static boolean stagedFilesPresent(StagedImport staged) {
        return staged.uploads().stream().allMatch(Files::isRegularFile);
    }

    /** What the user reads as the failure: the exception's own sentence, or a plain one for an unexpected error. */
    static String reasonFor(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return LOST_FILES;
        }
        String message = e.getMessage();
        if (e instanceof Error || message == null || message.isBlank()) {
            return "the import failed unexpectedly (" + e.getClass().getSimpleName() + "); upload again or contact"
                    + " support if it fails again";
        }
        return message;
    }

    /** The import's job was deleted with its user (account erasure) while the import ran: it stops here. */
    static final class ImportErased extends RuntimeException {
        ImportErased(UUID importId) {
            super("import " + importId + " was erased with its user", null, false, false);
        }
    }

    /** Records that the import's staged files were lost (start-up recovery found neither files nor seal). */
    public void failLost(UUID importId, String userId) {
        fail(importId, userId, LOST_FILES);
    }

    private void parseAndSend(StagedImport staged) throws Exception {
        UUID importId = staged.importId();
        String userId = staged.userId();
        long started = System.nanoTime();
        long latestEnd = System.currentTimeMillis() + config.records().futureTolerance().toMillis();
        long maxPlayed = config.records().maxPlayed().toMillis();
        int maxErrors = config.records().maxErrorsKept();
        IngestionConfig.Records records = config.records();
        FieldLimits limits = new FieldLimits(records.maxNameChars(), records.maxUriChars(), records.maxPlatformChars(),
                records.maxCodeChars());
        long recordBytesPerMessage = producer.recordBytesPerMessage(userId);
        EventSender.Acks acks = new EventSender.Acks();
        Totals totals = new Totals();
        List<ImportJob.ImportedFile> files = new ArrayList<>();
        List<ImportJob.RecordError> errors = new ArrayList<>();
        Map<String, ImportTrack> tracks = new LinkedHashMap<>();

        try (SourceFiles sources = new SourceFiles(staged.uploads(), config.zip())) {
            for (UploadPlan.Source source : staged.plan().sources()) {
                PlayNormaliser normaliser = new PlayNormaliser(userId, source.format(), source.video(), maxPlayed,
                        latestEnd, limits);
                BatchingSink sink = new BatchingSink(acks, userId, importId, source, totals, errors, maxErrors, tracks,
                        recordBytesPerMessage);
                long read;
                try (InputStream in = sources.open(source)) {
                    read = HistoryFileReader.read(in, source.format(), records.maxValueChars(), normaliser, sink);
                } catch (MalformedFileException e) {
                    // the upload check read this file already, so only a changed file or limit gets here
                    throw new IOException("File '" + source.name() + "' " + e.getMessage(), e);
                }
                sink.flush();
                totals.read += read;
                files.add(new ImportJob.ImportedFile(source.fileNo(), source.name(), source.format(), read, 0, 0, sink.rejected));
                progress(importId, totals.read, totals.rejected);
            }
        }
        long parsedNanos = System.nanoTime() - started;
        // before the seal, so the tracks are recorded by the time import.completed asks for their enrichment
        // the job may be gone: its user was erased while the files were read (its rows cannot be written then)
        boolean stillWanted = waitUntilStored("recording its tracks", importId, () -> jobs.find(importId)
                .chain(job -> job == null ? Uni.createFrom().item(false)
                        : importTracks.insertAll(importId, tracks.values()).replaceWith(true)));
        if (!stillWanted) {
            throw new ImportErased(importId);
        }
        long read = totals.read;
        long rejected = totals.rejected;
        waitUntilStored("recording its counts", importId, () -> jobs.parsed(importId, files, read, rejected,
                errors, instant(totals.first), instant(totals.last), tracks.size()));
        producer.seal(acks, userId, importId, totals.sent, totals.batches);
        // from here on the import no longer needs its files: it is not "lost" without them, nor counted per user
        Instant sealedAt = Instant.now();
        waitUntilStored("recording its seal", importId, () -> jobs.sealed(importId, sealedAt));
        LOG.infof("Import %s: %d records read, %d rejected, %d sent in %d batches; parsed and sent in %d ms (%.0f records/s)",
                importId, totals.read, totals.rejected, totals.sent, totals.batches, parsedNanos / 1_000_000,
                totals.read * 1e9 / Math.max(parsedNanos, 1));
    }

    /**
     * A PostgreSQL write the import needs, retried until stored (each attempt bounded by STORE_TIMEOUT). Blocking;
     * only an interrupt (shutdown) ends the wait.
     */
    private <T> T waitUntilStored(String what, UUID importId, Supplier<Uni<T>> write) {
        return untilStored.run(STALL_NAME, what + " for import " + importId,
                        () -> write.get().ifNoItem().after(STORE_TIMEOUT).fail())
                .await().indefinitely();
    }

    /** Parsing progress after each file: best effort, the final counts are written with the seal. */
    private void progress(UUID importId, long read, long rejected) {
        try {
            jobs.parseProgress(importId, read, rejected).await().atMost(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Import %s: progress not recorded (%s); going on", importId, e.toString());
        }
    }

    private void fail(UUID importId, String userId, String reason) {
        try {
            Instant finishedAt = Instant.now();
            boolean failed = waitUntilStored("recording its failure", importId,
                    () -> jobs.fail(importId, reason, finishedAt));
            if (failed) {
                events.publish(ImportEventPublisher.FAILED, userId, new ImportEventPublisher.ImportOutcome(
                        importId, "FAILED", 0, 0, 0, 0, null, null, List.of(), reason)).await().indefinitely();
            }
        } catch (Exception e) {
            LOG.errorf(e, "Could not record the failure of import %s", importId);
        }
    }

    private static Instant instant(long millis) {
        return millis == Long.MIN_VALUE || millis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    private static final class Totals {
        long read;
        long rejected;
        long sent;
        long batches;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
    }

    /**
     * Collects one file's accepted records into Kafka messages of at most recordsPerMessage records and at most
     * recordBytesPerMessage bytes of record JSON: a message is cut before a record would push it past either, so
     * records whose text fields are all near their limits still fit the broker's message size. Cuts depend only on
     * the file and the configuration, so a resumed import produces the same batches.
     */
    private final class BatchingSink implements RecordSink {
        private final EventSender.Acks acks;
        private final String userId;
        private final UUID importId;
        private final UploadPlan.Source source;
        private final Totals totals;
        private final List<ImportJob.RecordError> errors;
        private final int maxErrors;
        private final Map<String, ImportTrack> tracks;
        private final int maxTracks = config.enrichment().maxTracksPerImport();
        private final int batchSize = config.pipeline().recordsPerMessage();
        private final long maxBatchBytes;
        private List<ListeningRecord> batch = new ArrayList<>();
        private long batchBytes;
        private long batchNo;
        long rejected;
        private long sinceProgress;

        BatchingSink(EventSender.Acks acks, String userId, UUID importId, UploadPlan.Source source,
                     Totals totals, List<ImportJob.RecordError> errors, int maxErrors, Map<String, ImportTrack> tracks,
                     long maxBatchBytes) {
            this.maxBatchBytes = maxBatchBytes;
            this.acks = acks;
            this.userId = userId;
            this.importId = importId;
            this.source = source;
            this.totals = totals;
            this.errors = errors;
            this.maxErrors = maxErrors;
            this.tracks = tracks;
        }

        @Override
        public void accepted(ListeningRecord record) {
            long size = ListeningRecordsJson.encodedSize(record) + 1L;   // and its comma
            if (!batch.isEmpty() && batchBytes + size > maxBatchBytes) {
                flush();
            }
            batch.add(record);
            batchBytes += size;
            if (ContentType.MUSIC.value().equals(record.contentType()) && record.trackKey() != null
                    && tracks.size() < maxTracks && !tracks.containsKey(record.trackKey())) {
                tracks.put(record.trackKey(), new ImportTrack(record.trackKey(), record.trackUri(), record.trackName(),
                        record.artistName(), record.albumName()));
            }
            totals.first = Math.min(totals.first, record.playedAt());
            totals.last = Math.max(totals.last, record.playedAt());
            if (batch.size() >= batchSize) {
                flush();
            }
            if (++sinceProgress >= PROGRESS_EVERY) {
                sinceProgress = 0;
                jobs.parseProgress(importId, totals.sent + totals.rejected, totals.rejected).subscribe().with(x -> { }, e -> { });
            }
        }

        @Override
        public void rejected(long recordNumber, String reason) {
            rejected++;
            totals.rejected++;
            if (errors.size() < maxErrors) {
                errors.add(new ImportJob.RecordError(source.name(), recordNumber, reason));
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            producer.sendRecords(acks, userId, importId, source.fileNo(), batchNo++, batch);
            totals.sent += batch.size();
            totals.batches++;
            batch = new ArrayList<>(batchSize);
            batchBytes = 0;
        }
    }
}
