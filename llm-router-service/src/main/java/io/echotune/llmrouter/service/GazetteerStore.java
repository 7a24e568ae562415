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

import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog gazetteer the offline interpreter reads names from: loaded from MongoDB at start-up and reloaded on a
 * timer, swapped in whole. Until the first load (or while MongoDB is unreachable) the interpreter still works with
 * the lexicon's genres, moods and activities; it just recognises no catalog artists or tracks.
 */
@ApplicationScoped
public class GazetteerStore {

    private static final Logger LOG = Logger.getLogger(GazetteerStore.class);

    private final CatalogRepository catalog;
    private final LlmRouterConfig config;
    private final AtomicReference<Gazetteer> current = new AtomicReference<>(Gazetteer.empty());
    private volatile Cancellable refresher;

    public GazetteerStore(CatalogRepository catalog, LlmRouterConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        reload().subscribe().with(g -> { }, e -> { });
        refresher = Multi.createFrom().ticks().startingAfter(config.local().gazetteerRefresh())
                .every(config.local().gazetteerRefresh())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> reload().onFailure().recoverWithNull())
                .subscribe().with(g -> { }, e -> LOG.warn("Gazetteer refresh stopped", e));
    }

    void onStop(@Observes ShutdownEvent event) {
        Cancellable running = refresher;
        if (running != null) {
            running.cancel();
        }
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
                    LOG.infof("Catalog gazetteer loaded: %d artists, %d track titles, %d genres", g.artistCount(),
                            g.trackCount(), g.genreCount());
                })
                .onFailure().invoke(e -> LOG.warnf("Cannot load the catalog gazetteer from MongoDB (%s); keeping "
                        + "the previous one", e.toString()));
    }
}
