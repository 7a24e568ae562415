package io.echotune.recommender.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.Problem;
import io.echotune.recommender.ai.SemanticMatcher;
import io.echotune.recommender.config.RecommenderConfig;
import io.echotune.recommender.ranking.ArtistCoListening;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.CoListening;
import io.echotune.recommender.repository.CatalogRepository;
import io.echotune.recommender.repository.ProfileRepository;
import io.echotune.recommender.repository.PublicListeningFiles;
import io.echotune.recommender.repository.VectorRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns the in-memory model every request reads: the catalog index, the co-listening neighbours (numbered by that
 * index) and the genre vectors of the semantic component, as one immutable {@link Snapshot} swapped atomically.
 * All building happens on one model thread, so two rebuilds never overlap and requests never wait for one
 * (except the very first, which waits for the first load).
 * <ul>
 *   <li>catalog: loaded at start-up and again when {@code catalog_meta.version} changes (polled) or a burst of
 *   {@code track.features-resolved} events settles (debounced);</li>
 *   <li>co-listening: re-learned from all profiles and the public playlists every {@code co-listening.refresh-interval}
 *   and shortly after profiles change.</li>
 * </ul>
 */
@ApplicationScoped
public class ModelService {

    private static final Logger LOG = Logger.getLogger(ModelService.class);
    private static final Duration FIRST_LOAD_WAIT = Duration.ofMinutes(3);

    /** Everything a ranking call reads, consistent with one catalog build. */
    public record Snapshot(long generation, CatalogIndex catalog, CoListening coListening,
                           ArtistCoListening artistCoListening, SemanticMatcher.GenreVectors genreVectors) {
        public long estimatedBytes() {
            return catalog.estimatedBytes() + coListening.estimatedBytes() + artistCoListening.estimatedBytes()
                    + genreVectors.estimatedBytes();
        }
    }

    /** The two collaborative models, learned in one pass over the loved lists. */
    private record Collaborative(CoListening tracks, ArtistCoListening artists) {
    }

    private final CatalogRepository catalogRepository;
    private final ProfileRepository profileRepository;
    private final VectorRepository vectorRepository;
    private final RecommenderConfig config;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recommender-model");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recommender-model-timer");
        t.setDaemon(true);
        return t;
    });
    private final FirstLoad<Snapshot> firstLoad = new FirstLoad<>();
    private final AtomicBoolean catalogReloadPending = new AtomicBoolean();
    private final List<Runnable> afterNewCatalogVersion = new CopyOnWriteArrayList<>();
    private final Object refreshLock = new Object();
    private CompletableFuture<Void> queuedRefresh;          // guarded by refreshLock
    private ScheduledFuture<?> queuedRefreshTimer;          // guarded by refreshLock
    private volatile Snapshot snapshot;
    private volatile SemanticMatcher semantic;
    private long generation;

    public ModelService(CatalogRepository catalogRepository, ProfileRepository profileRepository,
                        VectorRepository vectorRepository, RecommenderConfig config) {
        this.catalogRepository = catalogRepository;
        this.profileRepository = profileRepository;
        this.vectorRepository = vectorRepository;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        catalogReloadPending.set(true);   // the first load is one: polls wait for it instead of queueing another
        worker.submit(() -> {
            try {
                loaded(loadCatalog());
            } catch (Throwable e) {
                LOG.error("The recommendation model could not be loaded; retrying at the next catalog poll", e);
            } finally {
                catalogReloadPending.set(false);
            }
        });
    }

    /** Completes the first load once, then runs what waited for it (model thread). */
    private void loaded(Snapshot next) {
        firstLoad.complete(next).forEach(Runnable::run);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        timers.shutdownNow();
        worker.shutdownNow();
    }

    /**
     * Runs after every later load that moved the model to another catalog version (on the model thread): a catalog
     * an operator loaded, or the first one on a fresh installation whose model started with none.
     */
    public void afterEveryNewCatalogVersion(Runnable task) {
        afterNewCatalogVersion.add(task);
    }

    /** Runs once the first model is loaded (at once, on the model thread, if it already is). */
    public void afterFirstLoad(Runnable task) {
        if (!firstLoad.runAfter(task)) {
            worker.submit(task);
        }
    }

    /** The current model; the first call after start-up waits for the first load. */
    public Uni<Snapshot> snapshot() {
        Snapshot current = snapshot;
        if (current != null) {
            return Uni.createFrom().item(current);
        }
        return firstLoad.await(FIRST_LOAD_WAIT,
                        () -> new ApiException(Problem.serviceUnavailable("The recommendation model is still loading")))
                .map(ignored -> snapshot);
    }

    /** Null until the first load finished. */
    public Snapshot current() {
        return snapshot;
    }

    public SemanticMatcher semantic() {
        return semantic;
    }

    // ---------------------------------------------------------------- catalog

    @Scheduled(every = "${echotune.recommender.catalog.poll-interval}", delayed = "${echotune.recommender.catalog.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pollCatalogVersion() {
        return catalogRepository.version().invoke(version -> {
            Snapshot current = snapshot;
            if (current == null || current.catalog().version() != version) {
                requestCatalogReload(Duration.ZERO);
            }
        }).onFailure().invoke(e -> LOG.warnf("Catalog version check failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A track was added or changed: reload once the burst has settled. */
    public void trackChanged() {
        requestCatalogReload(config.catalog().eventDebounce());
    }

    /**
     * Features of a track were resolved: a reload is needed unless they came from the catalog for a track the model
     * already holds (the catalog's tracks are all in the index, with their features; an import resolves thousands of
     * them, and reloading the index for each burst changed nothing).
     */
    public void featuresResolved(String trackId, String source) {
        Snapshot current = snapshot;
        if ("catalog".equals(source) && trackId != null && current != null && current.catalog().track(trackId) >= 0) {
            return;
        }
        trackChanged();
    }

    private void requestCatalogReload(Duration delay) {
        if (catalogReloadPending.compareAndSet(false, true)) {
            timers.schedule(() -> worker.submit(() -> {
                catalogReloadPending.set(false);
                try {
                    Snapshot before = snapshot;
                    Snapshot next = loadCatalog();
                    loaded(next);
                    if (before != null && before.catalog().version() != next.catalog().version()) {
                        afterNewCatalogVersion.forEach(Runnable::run);
                    }
                } catch (Throwable e) {
                    LOG.error("Catalog reload failed; keeping the current model", e);
                }
            }), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the whole catalog into a new index, then re-learns co-listening on it. Model thread only. */
    private Snapshot loadCatalog() {
        long started = System.nanoTime();
        if (semantic == null) {
            semantic = new SemanticMatcher();   // loads the ONNX model once, on this thread
            semantic.preload(vectorRepository.load(SemanticMatcher.MODEL_ID).await().atMost(Duration.ofMinutes(1)));
        }
        long version = catalogRepository.version().await().atMost(Duration.ofSeconds(30));
        CatalogIndex.Builder builder = CatalogIndex.builder(version);
        catalogRepository.artists().subscribe().asStream().forEach(a -> builder.artistGenres(a.key(), a.genres()));
        catalogRepository.tracks().subscribe().asStream().forEach(builder::add);
        long read = System.nanoTime();
        CatalogIndex catalog = builder.build();
        long indexed = System.nanoTime();
        SemanticMatcher.GenreVectors vectors = semantic.genreVectors(catalog, config.catalog().minTracksPerEmbeddedGenre());
        Map<String, float[]> fresh = semantic.drainUnsaved();
        if (!fresh.isEmpty()) {
            vectorRepository.save(SemanticMatcher.MODEL_ID, fresh).await().atMost(Duration.ofMinutes(1));
        }
        long embedded = System.nanoTime();
        Collaborative collaborative = learnCoListening(catalog);
        CoListening coListening = collaborative.tracks();
        LOG.infof("Model phases: read %d ms, index %d ms, genre vectors %d ms (%d new), co-listening %d ms",
                (read - started) / 1_000_000, (indexed - read) / 1_000_000, (embedded - indexed) / 1_000_000, fresh.size(),
                (System.nanoTime() - embedded) / 1_000_000);
        Snapshot next;
        synchronized (this) {
            next = new Snapshot(++generation, catalog, coListening, collaborative.artists(), vectors);
            snapshot = next;
        }
        LOG.infof("Recommendation model loaded: catalog version %d, %d tracks, %d artists, %d genres (%d embedded), "
                        + "%d co-listening pairs, about %d MB, in %d ms", version, catalog.size(), catalog.artistCount(),
                catalog.genreCount(), vectors.genres().length, coListening.pairs(), next.estimatedBytes() >> 20,
                (System.nanoTime() - started) / 1_000_000);
        return next;
    }

    // ---------------------------------------------------------------- co-listening

    /** Profiles' loved tracks changed: re-learn co-listening once the burst has settled (one rebuild for all). */
    public void profilesChanged() {
        requestCoListening(config.coListening().debounce());
    }

    @Scheduled(every = "${echotune.recommender.co-listening.refresh-interval}",
            delayed = "${echotune.recommender.co-listening.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodicCoListening() {
        requestCoListening(Duration.ZERO);
    }

    /** Re-learns co-listening now and completes when the new model is in place (tests and operators use it too). */
    public Uni<Void> refreshCoListening() {
        return Uni.createFrom().completionStage(requestCoListening(Duration.ZERO));
    }

    /**
     * At most one refresh runs (on the model thread) and at most one waits: a request while one waits joins it (and
     * brings it forward when it asks sooner), so no burst of profile changes or timer ticks can pile rebuilds up.
     */
    private CompletableFuture<Void> requestCoListening(Duration delay) {
        synchronized (refreshLock) {
            if (queuedRefresh != null) {
                if (delay.isZero() && queuedRefreshTimer.cancel(false)) {
                    CompletableFuture<Void> joined = queuedRefresh;
                    queuedRefreshTimer = timers.schedule(() -> worker.submit(() -> runQueuedRefresh(joined)), 0,
                            TimeUnit.MILLISECONDS);
                }
                return queuedRefresh;
            }
            CompletableFuture<Void> next = new CompletableFuture<>();
            queuedRefresh = next;
            queuedRefreshTimer = timers.schedule(() -> worker.submit(() -> runQueuedRefresh(next)), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
            return next;
        }
    }

    private void runQueuedRefresh(CompletableFuture<Void> refresh) {
        synchronized (refreshLock) {
            if (queuedRefresh == refresh) {
                queuedRefresh = null;   // from now on a new request waits for the next run: this one may miss it
            }
        }
        refreshCoListeningNow();
        refresh.complete(null);
    }

    private void refreshCoListeningNow() {
        Snapshot current = snapshot;
        if (current == null) {
            return;
        }
        try {
            Collaborative collaborative = learnCoListening(current.catalog());
            synchronized (this) {
                // the catalog may have been swapped meanwhile: only pair co-listening with the index it was built on
                if (snapshot.catalog() == current.catalog()) {
                    snapshot = new Snapshot(++generation, current.catalog(), collaborative.tracks(),
                            collaborative.artists(), snapshot.genreVectors());
                }
            }
        } catch (Throwable e) {
            LOG.error("Co-listening refresh failed; keeping the current model", e);
        }
    }

    /**
     * Streams the loved lists into the bounded builders: nothing per listener is kept (docs/recommender.md, "Memory").
     * Each list is a basket of tracks for track co-listening and, as its tracks' artists, a basket for artist
     * co-listening, which also counts every public playlist's artists and, when configured, the public listening data.
     */
    private Collaborative learnCoListening(CatalogIndex catalog) {
        RecommenderConfig.CoListening settings = config.coListening();
        long started = System.nanoTime();
        CoListening.Builder builder = CoListening.builder(catalog.size(), settings.minOtherListeners(), settings.maxPairs());
        ArtistCoListening.Builder artists = ArtistCoListening.builder(catalog, settings.minOtherListeners());
        CatalogIndex.Csr pt = catalog.playlistTracks();
        for (int p = 0; p < catalog.playlistCount(); p++) {
            int[] tracks = new int[pt.size(p)];
            for (int i = 0; i < tracks.length; i++) {
                tracks[i] = pt.value(pt.start(p) + i);
            }
            builder.playlist(tracks);
            artists.basket(ArtistCoListening.artistsOf(catalog, tracks));
        }
        profileRepository.lovedLists().subscribe().asStream().forEach(ids -> {
            int[] tracks = ids.stream().mapToInt(catalog::track).filter(t -> t >= 0).toArray();
            builder.listener(tracks);
            artists.basket(ArtistCoListening.artistsOf(catalog, tracks));
        });
        settings.publicListeningDirectory().ifPresent(dir ->
                PublicListeningFiles.hetrecArtistBaskets(dir).forEach(artists::namedBasket));
        long counted = builder.estimatedBytes();
        CoListening built = builder.build(settings.neighbours(), settings.shrinkage(), System.currentTimeMillis());
        ArtistCoListening artistModel = artists.build(settings.artistNeighbours(), settings.artistShrinkage(),
                System.currentTimeMillis());
        LOG.infof("Co-listening learned: %d playlists, %d listeners, %d neighbour pairs (pair table %d MB, %d prunes); "
                        + "artist co-listening: %d baskets, %d neighbour pairs; in %d ms",
                built.playlistBaskets(), built.listenerBaskets(), built.pairs(), counted >> 20, builder.prunes(),
                artistModel.baskets(), artistModel.pairs(), (System.nanoTime() - started) / 1_000_000);
        return new Collaborative(built, artistModel);
    }
}
