package io.echotune.ingestion.imports.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Resumes imports that this instance accepted but did not finish before it stopped. Each staging directory holds
 * the uploads and a manifest (user, plan, database identity); at start-up a directory whose job is still QUEUED or
 * RUNNING is handed to a worker again. Parsing and sending again is safe: record ids, batch numbers and tallies are
 * deterministic, so the resumed import stores nothing twice and ends with the same counts.
 * <p>
 * A directory is deleted only when it provably belongs to this stack: its manifest names this database
 * (StagingArea#storeId), or this database knows its import. Anything else (no manifest, another stack's database,
 * an unreadable manifest) is left alone: a staging directory shared by mistake between two stacks on one host
 * must not let one destroy the other's imports (issue 15). Then every import this instance staged that is still
 * unfinished and unsealed but whose directory is gone is failed with {@link ImportWorker#LOST_FILES}, instead of
 * staying QUEUED forever.
 */
@ApplicationScoped
public class ImportRecovery {

    static final String MANIFEST = "import.json";
    private static final Logger LOG = Logger.getLogger(ImportRecovery.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

    private final StagingArea staging;
    private final ImportJobRepository jobs;
    private final ImportWorker worker;
    private final ObjectMapper json;

    public ImportRecovery(StagingArea staging, ImportJobRepository jobs, ImportWorker worker, ObjectMapper json) {
        this.staging = staging;
        this.jobs = jobs;
        this.worker = worker;
        this.json = json;
    }

    /**
     * What a staging directory holds besides the uploads ({@code upload-0} ... {@code upload-(n-1)}).
     * {@code storeId} is the identity of the database that accepted the import (null in manifests written before
     * it existed).
     */
    @RegisterForReflection
    public record Manifest(UUID importId, String userId, UploadPlan plan, int uploads, UUID storeId) {
    }

    /** What a recovery did: the imports handed to a worker again, and those failed because their files are gone. */
    public record Outcome(List<UUID> resumed, List<UUID> lost) {
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                // only what was staged before this process started: later directories belong to live requests
                recover(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
            } catch (RuntimeException e) {
                LOG.error("Resuming interrupted imports failed", e);
            }
        });
    }

    /** Blocking. Resumes what was staged before {@code stagedBefore}, and fails what was lost. */
    public Outcome recover(Instant stagedBefore) {
        List<UUID> resumed = resume(stagedBefore);
        List<UUID> lost = new ArrayList<>();
        for (ImportJobRepository.UnsealedImport unsealed
                : jobs.unsealedStagedIn(staging.instance(), stagedBefore).await().atMost(STORE_TIMEOUT)) {
            if (resumed.contains(unsealed.importId()) || Files.isDirectory(staging.directory(unsealed.importId()))) {
                continue;
            }
            LOG.warnf("Import %s was staged here but its files are gone: failing it", unsealed.importId());
            worker.failLost(unsealed.importId(), unsealed.userId());
            lost.add(unsealed.importId());
        }
        return new Outcome(resumed, lost);
    }

    private List<UUID> resume(Instant stagedBefore) {
        List<UUID> resumed = new ArrayList<>();
        Path root = staging.root();
        if (!Files.isDirectory(root)) {
            return resumed;
        }
        UUID storeId = staging.storeId();
        List<Path> directories;
        try (Stream<Path> listing = Files.list(root)) {
            directories = listing.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            LOG.warnf("Cannot list the staging directory %s: %s", root, e);
            return resumed;
        }
        for (Path directory : directories) {
            Path manifestFile = directory.resolve(MANIFEST);
            try {
                if (!Files.exists(manifestFile)
                        || Files.getLastModifiedTime(manifestFile).toInstant().isAfter(stagedBefore)) {
                    continue;   // being staged right now, or not ours
                }
                Manifest manifest = json.readValue(manifestFile.toFile(), Manifest.class);
                var stored = jobs.find(manifest.importId()).await().atMost(STORE_TIMEOUT);
                if (stored == null && !storeId.equals(manifest.storeId())) {
                    LOG.warnf("Leaving %s alone: staged by a stack with another database (%s), not this one (%s)",
                            directory, manifest.storeId(), storeId);
                    continue;
                }
                if (stored == null || stored.job().status().ended()) {
                    StagingArea.deleteQuietly(directory);
                    continue;
                }
                List<Path> uploads = new ArrayList<>();
                for (int i = 0; i < manifest.uploads(); i++) {
                    uploads.add(directory.resolve("upload-" + i));
                }
                LOG.infof("Resuming interrupted import %s", manifest.importId());
                worker.submit(new ImportWorker.StagedImport(manifest.importId(), manifest.userId(), manifest.plan(),
                        directory, List.copyOf(uploads)));
                resumed.add(manifest.importId());
            } catch (IOException | RuntimeException e) {
                // unreadable: not provably ours, so it is left alone
                LOG.warnf("Cannot resume the import staged in %s: %s", directory, e);
            }
        }
        return resumed;
    }
}
