package io.echotune.insights.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "echotune.insights")
public interface InsightsConfig {

    /** How long MongoDB may spend on one insight aggregation before it is aborted (sent as maxTimeMS). */
    @WithDefault("15s")
    Duration queryTimeout();
}
