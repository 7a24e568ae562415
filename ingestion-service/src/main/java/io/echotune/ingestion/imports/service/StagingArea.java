package io.echotune.ingestion.imports.service;

import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.echotune.ingestion.shared.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where this instance stages accepted uploads, and how it proves they are its own: every import directory's
 * manifest carries the identity of this instance's database ({@link #storeId()}), and every job row names the
 * instance that staged it ({@link #instance()}: host and directory). Start-up recovery deletes a directory only when
 * its manifest names this database or this database knows its import; it fails an unsealed import of this
 * instance whose directory is gone.
 */
@ApplicationScoped
public class StagingArea {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final String instance;
    private final ImportJobRepository jobs;
    private volatile UUID storeId;

    public StagingArea(IngestionConfig config, ImportJobRepository jobs) {
        this.root = Path.of(config.stagingDirectory()).toAbsolutePath().normalize();
        this.instance = hostName() + ":" + root;
        this.jobs = jobs;
    }

    public Path root() {
        return root;
    }

    /** The directory of one import's uploads and manifest. */
    public Path directory(UUID importId) {
        return root.resolve(importId.toString());
    }

    /** This instance as recorded in {@code import_jobs.staged_in}: the same across restarts on the same host. */
    public String instance() {
        return instance;
    }

    /** Blocking (worker threads only): the identity of this instance's database, read once. */
    public UUID storeId() {
        UUID id = storeId;
        if (id == null) {
            id = jobs.storeId().await().atMost(STORE_TIMEOUT);
            storeId = id;
        }
        return id;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");   // the pod name in Kubernetes
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Deletes a staging directory and what it holds; best effort, since it is temporary space. */
    public static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the staging directory is temporary space
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
