package io.echotune.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Chat settings. Downstream base URLs are {@code quarkus.rest-client.<name>.url} (llm-router, recommender, playlist,
 * insights), their timeouts the fault-tolerance keys in application.properties.
 */
@ConfigMapping(prefix = "echotune.chat")
public interface ChatConfig {

    /** The longest session title accepted, in characters. */
    @WithDefault("200")
    int maxTitleLength();

    /** The title a session gets when it is created without one. */
    @WithDefault("New chat")
    String defaultTitle();

    /** The longest chat message accepted, in characters; longer is a 400 naming {@code text}. */
    @WithDefault("2000")
    int maxMessageLength();

    /** Messages one user may post per minute, across sessions and replicas; more is a 429 with Retry-After. */
    @WithDefault("20")
    int messagesPerMinute();

    /** How many earlier messages go to the interpreter as context. */
    @WithDefault("6")
    int contextTurns();

    /** Tracks in a recommendation when the message asks for no number (API.md: 1-100, default 20). */
    @WithDefault("20")
    int defaultTrackCount();

    /**
     * Track ids of the lists shown in one conversation that are remembered (the oldest are forgotten first): what a
     * request for more ("10 more like the third one") asks the recommender to leave out.
     */
    @WithDefault("500")
    int rememberedShownTracks();

    /**
     * The most track ids one recommendation request excludes: tracks turned down first, then those shown, newest
     * first. The recommender's {@code echotune.recommender.limits.max-exclude-tracks} (1000) must not be lower.
     */
    @WithDefault("1000")
    int maxExcludedTracks();

    /** Tracks named by position in the reply to a playback request, with their open-in-Spotify links. */
    @WithDefault("3")
    int playbackLinks();

    /**
     * How old a user message without an answer after it must be to be shown as {@code unanswered}: longer than any
     * turn can take (interpret 10 s, the longest service call 8 s, composing up to twice 10 s), so a message being
     * answered right now is never marked.
     */
    @WithDefault("60s")
    Duration unansweredAfter();
}
