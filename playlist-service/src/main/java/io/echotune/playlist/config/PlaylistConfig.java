package io.echotune.playlist.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "echotune.playlist")
public interface PlaylistConfig {

    /** The most tracks one playlist version may hold. */
    @WithDefault("500")
    int maxTracks();

    /** The longest playlist name accepted, in characters. */
    @WithDefault("200")
    int maxNameLength();
}
