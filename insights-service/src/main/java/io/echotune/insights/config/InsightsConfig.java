package io.echotune.insights.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "echotune.insights")
public interface InsightsConfig {

    /** How long MongoDB may spend on one read of a request (snapshot head and chunks, catalog lookup); maxTimeMS. */
    @WithDefault("15s")
    Duration queryTimeout();

    /**
     * How long building one user's snapshot from listening_history may take. A build reads all of the user's music
     * records once (250,000 records for the largest histories; build rates measured in docs/benchmarks.md).
     */
    @WithDefault("10m")
    Duration snapshotBuildTimeout();

    /**
     * Snapshots decoded and in use at once in this replica (each shared by all requests for it meanwhile). Each
     * takes about 11 MB per 250,000 records while in use; further requests wait their turn.
     */
    @WithDefault("2")
    int snapshotReaders();

    /**
     * Records of recently used snapshots kept decoded in this replica for the next requests (about 45 bytes a record
     * with its dictionary, so the default is about 22 MB); 0 keeps none. A kept snapshot is used only while it is
     * still the user's current build.
     */
    @WithDefault("500000")
    long snapshotRetainedRecords();

    /** Snapshots built at once in this replica (each peaks at about 35 MB per 250,000 records while it is built). */
    @WithDefault("2")
    int snapshotBuilders();

    /**
     * Catalog tracks whose genres and features this replica keeps in memory (about 200 bytes each; see
     * CatalogFactsCache). A user with 250,000 records has some 30,000 distinct tracks.
     */
    @WithDefault("100000")
    int catalogCacheEntries();

    /**
     * How often the catalog loader's version ({@code catalog_meta}, one _id lookup) is read again: after a bulk
     * catalog load, genre and mood figures may lag by this much.
     */
    @WithDefault("30s")
    Duration catalogVersionCheck();

    /**
     * How long a computed insight stays in Redis. Invalidation does not depend on it (an import or erasure bumps
     * the user's cache generation, a catalog change the catalog generation); it only bounds how long entries of an
     * old generation occupy memory.
     */
    @WithDefault("24h")
    Duration cacheTtl();

    /** Prefix of every Redis key this service writes. */
    @WithDefault("insights")
    String cacheKeyPrefix();

    /**
     * Retry-After sent with the 503 answered while MongoDB cannot be reached (StoreUnavailableMapper). How quickly that
     * 503 comes is {@code quarkus.mongodb.server-selection-timeout} (application.properties).
     */
    @WithDefault("5s")
    Duration storeRetryAfter();


}
