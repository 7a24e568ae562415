package io.echotune.playlist.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "echotune.playlist")
public interface PlaylistConfig {

    /** The most tracks one playlist version may hold (explicit track ids; prompts ask for at most 100). */
    @WithDefault("500")
    int maxTracks();

    /** The longest playlist name accepted, in characters. */
    @WithDefault("200")
    int maxNameLength();

    /** The longest prompt (create or refine) accepted, in characters. */
    @WithDefault("500")
    int maxPromptLength();

    /** Tracks a prompt playlist gets when the request names no {@code count}. */
    @WithDefault("20")
    int defaultCount();

    /** The largest {@code count} a prompt playlist may ask for (the recommender's own limit). */
    @WithDefault("100")
    int maxCount();

    /**
     * Candidates a refinement asks the recommender for: a current track "still fits" when it is among them, and
     * replacements are taken from them in rank order.
     */
    @WithDefault("100")
    int refineCandidates();

    /** How often each replica looks for due refresh schedules (read by ScheduledRefresh's @Scheduled). */
    @WithDefault("60s")
    Duration schedulePoll();

    /** How many due scheduled refreshes one replica claims per poll. */
    @WithDefault("20")
    int scheduleBatch();

    /**
     * This service's own credential at the gateway (ECHOTUNE_PLAYLIST_SERVICE_KEY, from the environment only; the
     * gateway holds the same value as echotune.gateway.service-keys.playlist). A scheduled run presents it with the
     * owner's delegation to get a short-lived internal token. Unset: runs refresh catalog facts only.
     */
    Optional<String> serviceKey();
}
