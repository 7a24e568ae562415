package io.echotune.recommender.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "echotune.recommender")
public interface RecommenderConfig {

    /** The longest {@code requestId} accepted with feedback, in characters (ids we issue are far shorter). */
    @WithDefault("128")
    int maxRequestIdLength();
}
