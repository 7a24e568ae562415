package io.echotune.llmrouter.service;

import io.echotune.llmrouter.config.LlmRouterConfig;
import io.echotune.llmrouter.local.Gazetteer;
import io.echotune.llmrouter.repository.CatalogRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog gazetteer the offline interpreter reads names from: loaded from MongoDB at start-up, reloaded as soon as
 * the catalog's version changes (a catalog load finished) and on a slow timer for tracks enrichment adds one by one,
 * swapped in whole. Until the first load (or while MongoDB is unreachable) the interpreter still works with
 * the lexicon's genres, moods and activities; it just recognises no catalog artists or tracks.
 */
@ApplicationScoped
public class GazetteerStore {

    private static final Logger LOG = Logger.getLogger(GazetteerStore.class);

    private final CatalogRepository catalog;
    private final LlmRouterConfig config;
    private final AtomicReference<Gazetteer> current = new AtomicReference<>(Gazetteer.empty());
    private volatile Cancellable refresher;
    /** The catalog version and time of the gazetteer in use; only the ticker's serial chain writes them. */
    private volatile Long loadedVersion;
    private volatile Instant loadedAt = Instant.EPOCH;

    public GazetteerStore(CatalogRepository catalog, LlmRouterConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        refresher = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(config.local().catalogCheck())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> refreshIfStale().onFailure().recoverWithNull())
                .subscribe().with(g -> { }, e -> LOG.warn("Gazetteer refresh stopped", e));
    }

    /**
     * Reloads when the catalog has a new version, or when the last load is older than the refresh period; the item
     * is the new gazetteer, or null when the one in use is current.
     */
    public Uni<Gazetteer> refreshIfStale() {
        return catalog.version().chain(version -> {
            boolean newVersion = version != null && !version.equals(loadedVersion);
            boolean old = Instant.now().isAfter(loadedAt.plus(config.local().gazetteerRefresh()));
            if (!newVersion && !old) {
                return Uni.createFrom().nullItem();
            }
            return reload().invoke(g -> loadedVersion = version);
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        Cancellable running = refresher;
        if (running != null) {
            running.cancel();
        }
    }

    /** Whether a load from the catalog has finished (an empty catalog counts): start-up's work is done. */
    public boolean loaded() {
        return !Instant.EPOCH.equals(loadedAt);
    }

    /** The latest gazetteer; never null. */
    public Gazetteer current() {
        return current.get();
    }

    /** Reads the catalog again and swaps the new gazetteer in; a failure keeps the previous one. */
    public Uni<Gazetteer> reload() {
        return catalog.gazetteer(config.local().gazetteerMaxTracks())
                .invoke(g -> {
                    current.set(g);
                    loadedAt = Instant.now();
                    LOG.infof("Catalog gazetteer loaded: %d artists, %d track titles, %d genres", g.artistCount(),
                            g.trackCount(), g.genreCount());
                })
                .onFailure().invoke(e -> LOG.warnf("Cannot load the catalog gazetteer from MongoDB (%s); keeping "
                        + "the previous one", e.toString()));
    }
}
