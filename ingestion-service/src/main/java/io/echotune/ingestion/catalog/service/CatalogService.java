package io.echotune.ingestion.catalog.service;

import io.echotune.commons.music.catalog.ArtistGenres;
import io.echotune.commons.music.catalog.CatalogFormatException;
import io.echotune.commons.music.catalog.CatalogTrack;
import io.echotune.commons.problem.ApiException;
import io.echotune.ingestion.catalog.CatalogLoad;
import io.echotune.ingestion.catalog.repository.CatalogLoadRepository;
import io.echotune.ingestion.catalog.repository.CatalogRepository;
import io.echotune.ingestion.catalog.repository.CatalogRepository.CatalogVersion;
import io.echotune.ingestion.catalog.repository.TrackNameRepository;
import io.echotune.ingestion.imports.service.Upload;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Catalog loads: the track catalog CSVs of the configured directory (ECHOTUNE_CATALOG) or of an upload are read
 * and checked completely before the load is accepted (a file that cannot be read fails the request, nothing is
 * written), then written to MongoDB in the background: {@code tracks}, {@code artists}, the catalog's
 * {@code track_names}, and finally {@code catalog_meta}'s version is bumped. Writes compare first and write only
 * what is missing or different, so a load is idempotent, and they never remove what enrichment providers added.
 * One load at a time across all instances (CatalogLoadRepository); a second request is a 409.
 */
@ApplicationScoped
public class CatalogService {

    static final String DIRECTORY = "directory";
    static final String UPLOAD = "upload";
    private static final Logger LOG = Logger.getLogger(CatalogService.class);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    private static final String LOADS = "/api/v1/admin/catalog/loads/";
    /** What GET /admin/catalog shows before the first completed load: version 0, nothing counted. */
    private static final CatalogVersion NEVER_LOADED = new CatalogVersion(0, 0, 0, null);

    private final IngestionConfig config;
    private final CatalogLoadRepository loads;
    private final CatalogRepository catalog;
    private final TrackNameRepository names;
    private final ExecutorService writer;

    public CatalogService(IngestionConfig config, CatalogLoadRepository loads, CatalogRepository catalog,
                          TrackNameRepository names) {
        this.config = config;
        this.loads = loads;
        this.catalog = catalog;
        this.names = names;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "catalog-writer");
            t.setDaemon(true);
            return t;
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        writer.shutdownNow();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads the configured directory. */
    public Uni<CatalogLoad.Accepted> loadDirectory(String requestedBy) {
        return blocking(() -> startDirectoryLoad(requestedBy));
    }

    /** Loads the uploaded CSV files (multipart parts named {@code file}). */
    public Uni<CatalogLoad.Accepted> loadUploads(String requestedBy, List<Upload> uploads) {
        return blocking(() -> {
            checkUploads(uploads);
            List<CatalogFiles.NamedFile> files = uploads.stream()
                    .map(u -> new CatalogFiles.NamedFile(u.name(), u.path())).toList();
            return start(UPLOAD, null, requestedBy, files, ApiException::badRequest);
        });
    }

    public Uni<CatalogLoad> load(UUID loadId) {
        return loads.find(loadId).onItem().ifNull().failWith(() -> ApiException.notFound("Catalog load " + loadId));
    }

    public Uni<CatalogLoad.Catalog> catalog() {
        return catalog.version().chain(found -> loads.running().map(running -> {
            CatalogVersion version = found == null ? NEVER_LOADED : found;
            return new CatalogLoad.Catalog(version.version(), version.tracks(), version.artists(), version.loadedAt(),
                    config.catalog().directory().orElse(null), running == null ? null : running.loadId());
        }));
    }

    /**
     * Blocking. The first-start load: when no catalog was ever loaded ({@code catalog_meta} absent) and the
     * configured directory exists, loads it. Empty when there is nothing to do. Fails with
     * {@link LoadRunningElsewhere} while another load runs: the caller asks again later, because that load may be
     * the one this instance started before it was restarted (it is taken over once its heartbeat is stale).
     */
    public Optional<UUID> loadIfNeverLoaded() {
        Optional<String> directory = config.catalog().directory();
        if (!config.catalog().loadAtStart() || directory.isEmpty() || !Files.isDirectory(Path.of(directory.get()))) {
            return Optional.empty();
        }
        if (catalog.version().await().atMost(STORE_TIMEOUT) != null) {
            return Optional.empty();
        }
        try {
            // the claim marks a load whose instance stopped (stale heartbeat) FAILED first, and so takes it over
            return Optional.of(startDirectoryLoad("start-up").loadId());
        } catch (ApiException e) {
            if (e.problem().status() == 409 && loads.running().await().atMost(STORE_TIMEOUT) != null) {
                throw new LoadRunningElsewhere();
            }
            LOG.warnf("No catalog load at start-up: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** Another catalog load runs; the first-start load waits for it to complete or to be abandoned. */
    public static final class LoadRunningElsewhere extends RuntimeException {
        LoadRunningElsewhere() {
            super("another catalog load is running", null, false, false);
        }
    }

    private CatalogLoad.Accepted startDirectoryLoad(String requestedBy) {
        String configured = config.catalog().directory().orElseThrow(() -> ApiException.conflict(
                "No catalog directory is configured on the server (ECHOTUNE_CATALOG): upload the catalog CSV files"
                        + " as multipart parts named 'file' instead"));
        Path directory = Path.of(configured);
        if (!Files.isDirectory(directory)) {
            throw ApiException.conflict("The configured catalog directory " + configured + " does not exist");
        }
        List<CatalogFiles.NamedFile> files;
        try {
            files = CatalogFiles.inDirectory(directory);
        } catch (IOException e) {
            throw ApiException.conflict("The configured catalog directory " + configured + " cannot be listed: " + e);
        }
        if (files.isEmpty()) {
            throw ApiException.conflict("The configured catalog directory " + configured + " holds no .csv file");
        }
        return start(DIRECTORY, configured, requestedBy, files,
                detail -> ApiException.conflict("The configured catalog directory cannot be loaded: " + detail));
    }

    private void checkUploads(List<Upload> uploads) {
        if (uploads == null || uploads.isEmpty()) {
            throw ApiException.badRequest("The upload holds no file: send catalog CSV files as multipart parts named"
                    + " 'file', or no body at all to load the server's catalog directory");
        }
        if (uploads.size() > config.catalog().maxFiles()) {
            throw ApiException.badRequest("The upload holds " + uploads.size() + " files; at most "
                    + config.catalog().maxFiles() + " catalog files are loaded at once");
        }
        long total = 0;
        for (Upload upload : uploads) {
            if (upload.size() == 0) {
                throw ApiException.badRequest(upload.name() + " is empty");
            }
            total += upload.size();
        }
        if (total > config.maxUploadBytes()) {
            throw ApiException.payloadTooLarge("The upload holds " + total + " bytes; the limit is "
                    + config.maxUploadBytes() + " bytes");
        }
    }

    /** Blocking: claims the single load slot, reads every file, and hands the writes to the writer thread. */
    private CatalogLoad.Accepted start(String source, String directory, String requestedBy,
                                       List<CatalogFiles.NamedFile> files, Function<String, ApiException> unreadable) {
        UUID loadId = UUID.randomUUID();
        boolean claimed = loads.claim(loadId, source, directory, Instant.now(), config.catalog().staleAfter())
                .await().atMost(STORE_TIMEOUT);
        if (!claimed) {
            CatalogLoad running = loads.running().await().atMost(STORE_TIMEOUT);
            throw ApiException.conflict("A catalog load is running already"
                    + (running == null ? "" : "; follow it at " + LOADS + running.loadId()));
        }
        CatalogFiles.ReadCatalog read;
        long started = System.nanoTime();
        try {
            read = CatalogFiles.read(files);
            if (read.tracks().isEmpty() && read.artists().isEmpty()) {
                throw new CatalogFormatException("The files hold no track or artist row");
            }
            loads.read(loadId, read.files(), read.tracks().size(), read.artists().size(), read.trackIdByName().size())
                    .await().atMost(STORE_TIMEOUT);
        } catch (CatalogFormatException | IOException | RuntimeException e) {
            loads.release(loadId).await().atMost(STORE_TIMEOUT);
            if (e instanceof RuntimeException unexpected) {
                throw unexpected;
            }
            throw unreadable.apply(e.getMessage());
        }
        LOG.infof("Catalog load %s (%s%s, requested by %s): read %d files in %d ms: %d tracks, %d artists, %d track"
                        + " names; writing", loadId, source, directory == null ? "" : " " + directory, requestedBy,
                files.size(), (System.nanoTime() - started) / 1_000_000, read.tracks().size(), read.artists().size(),
                read.trackIdByName().size());
        writer.submit(() -> write(loadId, read));
        return new CatalogLoad.Accepted(loadId, CatalogLoad.Status.RUNNING);
    }

    /** On the writer thread. */
    private void write(UUID loadId, CatalogFiles.ReadCatalog read) {
        long started = System.nanoTime();
        Date now = new Date();
        Written written = new Written();
        try {
            int batch = config.catalog().writeBatch();
            List<CatalogTrack> tracks = read.tracks();
            for (int from = 0; from < tracks.size(); from += batch) {
                List<CatalogTrack> chunk = tracks.subList(from, Math.min(tracks.size(), from + batch));
                written.tracks += await(catalog.syncTracks(chunk, now));
                progress(loadId, written, "tracks", from + chunk.size(), tracks.size());
            }
            List<ArtistGenres> artists = read.artists();
            for (int from = 0; from < artists.size(); from += batch) {
                List<ArtistGenres> chunk = artists.subList(from, Math.min(artists.size(), from + batch));
                written.artists += await(catalog.syncArtists(chunk));
                progress(loadId, written, "artists", from + chunk.size(), artists.size());
            }
            List<Map.Entry<String, String>> entries = new ArrayList<>(read.trackIdByName().entrySet());
            for (int from = 0; from < entries.size(); from += batch) {
                Map<String, String> chunk = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : entries.subList(from, Math.min(entries.size(), from + batch))) {
                    chunk.put(e.getKey(), e.getValue());
                }
                written.names += await(names.syncCatalog(chunk));
                progress(loadId, written, "track names", from + chunk.size(), entries.size());
            }
            long version = catalog.markLoaded(now).await().atMost(STORE_TIMEOUT);
            loads.progress(loadId, written.tracks, written.artists, written.names)
                    .chain(() -> loads.complete(loadId, version, Instant.now())).await().atMost(STORE_TIMEOUT);
            LOG.infof("Catalog load %s completed in %d s: %d tracks, %d artists, %d track names written; catalog"
                            + " version %d", loadId, (System.nanoTime() - started) / 1_000_000_000, written.tracks,
                    written.artists, written.names, version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failQuietly(loadId, "the service stopped during the load; load again (it is idempotent)");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Catalog load %s failed", loadId);
            failQuietly(loadId, "writing the catalog failed: " + e.getMessage() + "; load again (it is idempotent)");
        }
    }

    private static final class Written {
        long tracks;
        long artists;
        long names;
    }

    private void progress(UUID loadId, Written written, String what, int done, int total) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        await(loads.progress(loadId, written.tracks, written.artists, written.names));
        int step = config.catalog().writeBatch() * 10;
        if (done == total || done % step < config.catalog().writeBatch()) {
            LOG.infof("Catalog load %s: %d/%d %s compared (%d tracks, %d artists, %d names written so far)", loadId,
                    done, total, what, written.tracks, written.artists, written.names);
        }
    }

    private void failQuietly(UUID loadId, String reason) {
        try {
            loads.fail(loadId, reason, Instant.now()).await().atMost(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.errorf("Could not record the failure of catalog load %s: %s", loadId, e.toString());
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(STORE_TIMEOUT);
    }

    private static <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
