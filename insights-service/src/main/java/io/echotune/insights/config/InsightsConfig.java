package io.echotune.insights.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "echotune.insights")
public interface InsightsConfig {

    /** How long MongoDB may spend on one insight aggregation before it is aborted (sent as maxTimeMS). */
    @WithDefault("15s")
    Duration queryTimeout();

    /**
     * How long a computed insight stays in Redis. Invalidation does not depend on it (an import or erasure bumps
     * the user's cache generation); it only bounds how long entries of an old generation occupy memory.
     */
    @WithDefault("24h")
    Duration cacheTtl();

    /** Prefix of every Redis key this service writes. */
    @WithDefault("insights")
    String cacheKeyPrefix();
}
