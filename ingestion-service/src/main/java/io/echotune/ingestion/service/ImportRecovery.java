package io.echotune.ingestion.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.config.IngestionConfig;
import io.echotune.ingestion.repository.ImportJobRepository;
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
 * the uploads and a manifest (user, plan); at start-up a directory whose job is still QUEUED or RUNNING is handed
 * to a worker again. Parsing and sending again is safe: record ids, batch numbers and tallies are deterministic,
 * so the resumed import stores nothing twice and ends with the same counts. Directories of ended or unknown jobs
 * are removed. (Jobs of other instances are never touched: their staging directories are not here.)
 */
@ApplicationScoped
public class ImportRecovery {

    static final String MANIFEST = "import.json";
    private static final Logger LOG = Logger.getLogger(ImportRecovery.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

    private final IngestionConfig config;
    private final ImportJobRepository jobs;
    private final ImportWorker worker;
    private final ObjectMapper json;

    public ImportRecovery(IngestionConfig config, ImportJobRepository jobs, ImportWorker worker, ObjectMapper json) {
        this.config = config;
        this.jobs = jobs;
        this.worker = worker;
        this.json = json;
    }

    /** What a staging directory holds besides the uploads ({@code upload-0} ... {@code upload-(n-1)}). */
    @RegisterForReflection
    public record Manifest(UUID importId, String userId, UploadPlan plan, int uploads) {
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

    /** Blocking. Resumes what was staged before {@code stagedBefore}; returns the ids handed to a worker again. */
    public List<UUID> recover(Instant stagedBefore) {
        List<UUID> resumed = new ArrayList<>();
        Path staging = Path.of(config.stagingDirectory());
        if (!Files.isDirectory(staging)) {
            return resumed;
        }
        List<Path> directories;
        try (Stream<Path> listing = Files.list(staging)) {
            directories = listing.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            LOG.warnf("Cannot list the staging directory %s: %s", staging, e);
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
                if (stored == null || stored.job().status().ended()) {
                    ImportWorker.deleteQuietly(directory);
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
                LOG.warnf("Cannot resume the import staged in %s: %s", directory, e);
            }
        }
        return resumed;
    }
}
