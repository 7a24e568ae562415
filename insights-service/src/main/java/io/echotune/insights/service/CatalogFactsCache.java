package io.echotune.insights.service;

import io.echotune.commons.store.MongoAvailability;
import io.echotune.insights.config.InsightsConfig;
import io.echotune.insights.repository.CatalogFacts;
import io.echotune.insights.repository.InsightsCache;
import io.echotune.insights.repository.TrackCatalogRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Catalog facts (genres, valence, energy) of tracks, read from {@code tracks} and kept in this replica's memory, so
 * that a user's genre and mood figures do not read thousands of catalog documents on every request (a user with
 * 25,000 catalog tracks would read 25,000 documents for each chart).
 * <p>
 * Never stale beyond what the catalog's writers announce: every entry remembers the {@link CatalogGeneration} under
 * which it was read and serves only requests that see that generation or an older one. The catalog loader bumps
 * {@code catalog_meta.version} after a bulk load (read here at most every {@code catalog-version-check}); the
 * enrichment workers store a track, then publish {@code track.features-resolved}, which moves the Redis counter on.
 * From then on, entries read before are fetched again. Tracks the catalog lacks are remembered as absent the same
 * way. When the generation cannot be read, every lookup goes to MongoDB.
 * <p>
 * Bounded: at most {@code catalog-cache-entries} tracks (about 200 bytes each), least recently used dropped first.
 */
@ApplicationScoped
public class CatalogFactsCache {

    /** A track's facts (null: not in the catalog) and the generation they were read under. */
    private record Remembered(CatalogFacts facts, CatalogGeneration generation) {
    }

    private final TrackCatalogRepository catalog;
    private final InsightsCache cache;
    private final Duration versionCheck;
    private final Map<String, Remembered> entries;   // guarded by this
    private CatalogGeneration newest;                 // guarded by this
    private long loadVersion = -1;                    // guarded by this
    private long loadVersionReadAt;                   // guarded by this; System.nanoTime()

    public CatalogFactsCache(TrackCatalogRepository catalog, InsightsCache cache, InsightsConfig config) {
        this.catalog = catalog;
        this.cache = cache;
        this.versionCheck = config.catalogVersionCheck();
        int capacity = config.catalogCacheEntries();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The catalog's generation now, or null when it cannot be read (then nothing catalog-derived may be reused); fails
     * when MongoDB is unavailable.
     */
    public Uni<CatalogGeneration> generation() {
        Uni<Long> loadVersionNow;
        synchronized (this) {
            boolean fresh = loadVersion >= 0 && System.nanoTime() - loadVersionReadAt < versionCheck.toNanos();
            loadVersionNow = fresh ? Uni.createFrom().item(loadVersion) : catalog.loadVersion()
                    .invoke(this::loadVersionRead)
                    // An unreachable MongoDB fails the request at once (503): its figures would need MongoDB next.
                    .onFailure(e -> !MongoAvailability.isUnavailable(e)).recoverWithNull();
        }
        return Uni.combine().all().unis(loadVersionNow, cache.catalogTrackChanges()).asTuple()
                .map(both -> both.getItem1() == null || both.getItem2() == null ? null
                        : new CatalogGeneration(both.getItem1(), both.getItem2().epoch(), both.getItem2().count()));
    }

    private synchronized void loadVersionRead(long version) {
        if (version < loadVersion) {
            // The catalog was dropped and loaded anew: versions restarted, nothing remembered compares.
            entries.clear();
            newest = null;
        }
        loadVersion = version;
        loadVersionReadAt = System.nanoTime();
    }

    /**
     * The facts of those of {@code trackIds} the catalog has, at least as new as {@code generation} (null: unknown,
     * read everything from MongoDB).
     */
    public Uni<Map<String, CatalogFacts>> facts(Set<String> trackIds, CatalogGeneration generation) {
        if (trackIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        if (generation == null) {
            return catalog.facts(trackIds);
        }
        Map<String, CatalogFacts> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        synchronized (this) {
            if (newest != null && !newest.changesEpoch().equals(generation.changesEpoch())) {
                // The change counter started over (Redis lost it): nothing remembered compares any more.
                entries.clear();
                newest = null;
            }
            if (newest == null || generation.covers(newest)) {
                newest = generation;
            }
            for (String id : trackIds) {
                Remembered entry = entries.get(id);
                if (entry != null && entry.generation().covers(generation)) {
                    if (entry.facts() != null) {
                        known.put(id, entry.facts());
                    }
                } else {
                    missing.add(id);
                }
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        // Read after the generation was: what comes back is at least as new as `generation`.
        return catalog.facts(missing).map(found -> {
            synchronized (this) {
                if (newest != null && generation.covers(newest)) {   // nothing newer seen meanwhile: worth remembering
                    for (String id : missing) {
                        entries.put(id, new Remembered(found.get(id), generation));
                    }
                }
            }
            known.putAll(found);
            return known;
        });
    }
}
