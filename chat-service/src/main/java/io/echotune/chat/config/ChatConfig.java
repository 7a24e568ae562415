package io.echotune.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "echotune.chat")
public interface ChatConfig {

    /** The longest session title accepted, in characters. */
    @WithDefault("200")
    int maxTitleLength();

    /** The title a session gets when it is created without one. */
    @WithDefault("New chat")
    String defaultTitle();
}
