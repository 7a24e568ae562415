package io.echotune.ingestion.imports.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.problem.ApiException;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.ImportStatus;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Imports as the user sees them: accepting an upload (checks, staging, job row, hand-over to a worker), reading
 * one import or the list, and following an import's progress.
 */
@ApplicationScoped
public class ImportService {

    private static final int LIST_LIMIT = 200;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final UploadInspector inspector;
    private final ImportWorker worker;
    private final ImportJobRepository jobs;
    private final IngestionConfig config;
    private final StagingArea staging;
    private final ObjectMapper json;

    public ImportService(UploadInspector inspector, ImportWorker worker, ImportJobRepository jobs, IngestionConfig config,
                         StagingArea staging, ObjectMapper json) {
        this.inspector = inspector;
        this.worker = worker;
        this.jobs = jobs;
        this.config = config;
        this.staging = staging;
        this.json = json;
    }

    /**
     * Checks the user's limits, checks every file (blocking, on a worker thread), moves the uploads out of the
     * request's temporary files into the staging directory, records the job as QUEUED (checking the limits again,
     * atomically) and hands it to an import worker. Over a limit: 429 with Retry-After, nothing staged.
     */
    public Uni<ImportJob.Accepted> accept(String userId, List<Upload> uploads) {
        long uploadBytes = uploads == null ? 0 : uploads.stream().mapToLong(Upload::size).sum();
        // a cheap look first, so an upload over the limit is not read through before it is refused
        return jobs.usage(userId)
                .invoke(usage -> {
                    ApiException refusal = overLimit(usage, uploadBytes);
                    if (refusal != null) {
                        throw refusal;
                    }
                })
                .chain(() -> Uni.createFrom().item(() -> stage(userId, uploads))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(staged -> {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    List<ImportJob.ImportedFile> files = staged.plan().sources().stream()
                            .map(s -> new ImportJob.ImportedFile(s.fileNo(), s.name(), s.format(), 0, 0, 0, 0))
                            .toList();
                    ImportJob job = new ImportJob(staged.importId(), ImportStatus.QUEUED, 0, 0, 0, 0, 0, files,
                            List.of(), staged.plan().skipped(), null, null, null, now, null, null,
                            ImportJob.Enrichment.NONE);
                    IngestionConfig.PerUser limits = config.perUser();
                    return jobs.insertWithinLimits(userId, job, staging.instance(), uploadBytes,
                                    limits.maxUnfinishedImports(), limits.maxStagedBytes())
                            // deleting a refused upload's files is blocking work: off the event loop
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .onFailure().invoke(() -> StagingArea.deleteQuietly(staged.directory()))
                            .map(admission -> {
                                if (!admission.admitted()) {
                                    StagingArea.deleteQuietly(staged.directory());
                                    ApiException refusal = overLimit(admission.usage(), uploadBytes);
                                    throw refusal != null ? refusal : tooMany(admission.usage(), "");
                                }
                                worker.submit(staged);
                                return new ImportJob.Accepted(staged.importId(), ImportStatus.QUEUED);
                            });
                });
    }

    /** The 429 for a user whose unfinished imports leave no room for this upload; null when there is room. */
    private ApiException overLimit(ImportJobRepository.Usage usage, long uploadBytes) {
        IngestionConfig.PerUser limits = config.perUser();
        if (usage.unfinished() >= limits.maxUnfinishedImports()) {
            return tooMany(usage, " (at most " + limits.maxUnfinishedImports() + " at a time)");
        }
        if (usage.stagedBytes() + uploadBytes > limits.maxStagedBytes()) {
            return tooMany(usage, ", holding " + mebibytes(usage.stagedBytes()) + " of uploads; with this one's "
                    + mebibytes(uploadBytes) + " that is more than the " + mebibytes(limits.maxStagedBytes())
                    + " a user's unfinished imports may hold");
        }
        return null;
    }

    private ApiException tooMany(ImportJobRepository.Usage usage, String why) {
        long n = usage.unfinished();
        return ApiException.tooManyRequests("You have " + n + (n == 1 ? " import" : " imports") + " still running"
                + why + ". Try again when " + (n == 1 ? "it has" : "one of them has") + " finished.",
                config.perUser().retryAfter());
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private ImportWorker.StagedImport stage(String userId, List<Upload> uploads) {
        UploadPlan plan = inspector.inspect(uploads);
        UUID importId = UUID.randomUUID();
        Path directory = staging.directory(importId);
        UUID storeId = staging.storeId();
        try {
            Files.createDirectories(directory);
            List<Path> staged = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                Path target = directory.resolve("upload-" + i);
                try {
                    Files.move(uploads.get(i).path(), target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException notOnTheSameFileSystem) {
                    Files.copy(uploads.get(i).path(), target, StandardCopyOption.REPLACE_EXISTING);
                }
                staged.add(target);
            }
            // the staging directory is self-contained, so an import interrupted by a restart can be resumed
            json.writeValue(directory.resolve(ImportRecovery.MANIFEST).toFile(),
                    new ImportRecovery.Manifest(importId, userId, plan, uploads.size(), storeId));
            return new ImportWorker.StagedImport(importId, userId, plan, directory, List.copyOf(staged));
        } catch (IOException e) {
            StagingArea.deleteQuietly(directory);
            throw new UncheckedIOException("Cannot stage the upload", e);
        }
    }

    public Uni<ImportJob> get(String userId, UUID importId) {
        return jobs.findOwned(userId, importId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Import " + importId));
    }

    public Uni<List<ImportJob>> list(String userId) {
        return jobs.listOwned(userId, LIST_LIMIT);
    }

    /**
     * Blocking (call from a worker thread): looks the import up first, so that an unknown or foreign import fails
     * with 404 before any event is streamed, then follows it.
     */
    public Multi<ImportJob> progress(String userId, UUID importId) {
        return follow(userId, get(userId, importId).await().atMost(LOOKUP_TIMEOUT));
    }

    /**
     * The import's state each time it changes, starting from {@code first}, re-read from the job store every progress
     * interval (so it works whichever instance runs the import). After the import completed the stream goes on while
     * its tracks are being enriched (enrichment.pending > 0), for at most enrichment.progress-follow, so a client sees
     * the coverage; it completes after the last state.
     */
    private Multi<ImportJob> follow(String userId, ImportJob first) {
        UUID importId = first.importId();
        if (settled(first)) {
            return Multi.createFrom().item(first);
        }
        Multi<ImportJob> updates = Multi.createBy().repeating()
                .uni(() -> jobs.findOwned(userId, importId))
                .withDelay(config.pipeline().progressInterval())
                .whilst(job -> job != null && !settled(job));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(first), updates)
                .select().where(job -> job != null)
                .skip().repetitions();
    }

    /** Nothing more will change that the stream shows: failed, or completed with its enrichment done (or followed long enough). */
    private boolean settled(ImportJob job) {
        if (!job.status().ended()) {
            return false;
        }
        if (job.status() == ImportStatus.FAILED || job.enrichment().pending() == 0) {
            return true;
        }
        return job.finishedAt() == null
                || Instant.now().isAfter(job.finishedAt().plus(config.enrichment().progressFollow()));
    }
}
