package io.echotune.recommender.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every setting of the recommender ({@code echotune.recommender.*}); docs/recommender.md explains the model ones. */
@ConfigMapping(prefix = "echotune.recommender")
public interface RecommenderConfig {

    /** The longest {@code requestId} accepted with feedback, in characters (ids we issue are far shorter). */
    @WithDefault("128")
    int maxRequestIdLength();

    /**
     * Retry-After sent with the 503 answered while MongoDB cannot be reached (rest.StoreUnavailableMapper). How quickly
     * that 503 comes is {@code quarkus.mongodb.server-selection-timeout} (application.properties).
     */
    @WithDefault("5s")
    Duration storeRetryAfter();

    Catalog catalog();

    Taste taste();

    Ranking ranking();

    CoListening coListening();

    Interpreter interpreter();

    Limits limits();

    Feedback feedback();



    /** The in-memory catalog index and how it follows the catalog in MongoDB. */
    interface Catalog {
        /** How often {@code catalog_meta} is polled (one _id lookup); a new version rebuilds the index. */
        @WithDefault("30s")
        Duration pollInterval();

        /** A burst of {@code track.features-resolved} events rebuilds the index once, this long after the first. */
        @WithDefault("20s")
        Duration eventDebounce();

        /** Genres with fewer catalog tracks than this are not embedded for prompt matching (too rare to serve). */
        @WithDefault("2")
        int minTracksPerEmbeddedGenre();
    }

    /** The taste profile (docs/recommender.md, "Taste profile"). */
    interface Taste {
        /** Half-life of a play's weight, measured back from the user's own latest play. */
        @WithDefault("120d")
        Duration halfLife();

        /** Profiles kept in memory (least recently used are dropped and re-read from MongoDB when needed). */
        @WithDefault("5000")
        int cachedProfiles();

        /** Tracks of a profile offered to the co-listening model ("loved"). */
        @WithDefault("200")
        int lovedTracks();

        /**
         * Tracks kept per profile, in and out of the catalog together (see TasteAccumulator.trimTracks): bounds the
         * stored document and every read and write of it, whatever the history's length; the rest only count through
         * artists, genres and features.
         */
        @WithDefault("6000")
        int maxTracks();

        /** Artists kept per profile (by affinity); the rest only count through genres. */
        @WithDefault("5000")
        int maxArtists();

        /** A favourite is "forgotten" when its last play is at least this long before the user's latest play. */
        @WithDefault("90d")
        Duration forgottenAfter();

        /** Listening events already applied, remembered per profile so a redelivered batch changes nothing. */
        @WithDefault("256")
        int rememberedEvents();
    }

    /** Ranking weights and shape (docs/recommender.md, "Ranking"). */
    interface Ranking {
        /**
         * Rankings run at once (0: one per core). Ranking is CPU work on catalog-sized scratch arrays; more at once than
         * there are cores only adds scratch memory (and collections) without adding throughput, so the rest queue.
         */
        @WithDefault("0")
        int threads();

        @WithDefault("1.0")
        double tasteWeight();

        @WithDefault("0.8")
        double contextWeight();

        @WithDefault("1.0")
        double semanticWeight();

        @WithDefault("0.9")
        double collaborativeWeight();

        @WithDefault("0.3")
        double noveltyWeight();

        @WithDefault("0.15")
        double popularityWeight();

        /** MMR trade-off: how much similarity to already chosen tracks costs. */
        @WithDefault("0.25")
        double diversityWeight();

        /** At most this many tracks per artist in one answer (relaxed only when the catalog cannot fill it). */
        @WithDefault("2")
        int perArtistCap();

        /** Feature-space neighbours taken as candidates. */
        @WithDefault("1500")
        int featureCandidates();

        /** The re-ranked pool is this many times the requested count (at least 200 tracks). */
        @WithDefault("6")
        int poolFactor();
    }

    /** Item-item co-listening (docs/recommender.md, "Collaborative"). */
    interface CoListening {
        /** How often the model is re-learned from all profiles and the public playlists. */
        @WithDefault("10m")
        Duration refreshInterval();

        /** Neighbours kept per track. */
        @WithDefault("50")
        int neighbours();

        /** Shrinkage of the co-occurrence cosine: rare pairs count for less. */
        @WithDefault("3.0")
        double shrinkage();

        /**
         * A pair of tracks loved by listeners is used (in scoring and in explanations such as "N other listeners who
         * love X also love this") only when at least this many listeners OTHER than the one asking love both, so an
         * answer never reveals a handful of people's taste (k-anonymity of the aggregate; the asker is not counted,
         * else a count of 2 would expose one other person). Public playlists are not subject to it.
         */
        @WithDefault("5")
        int minOtherListeners();

        /**
         * Distinct track pairs counted at most while learning: bounds the learning memory (24 MB at the default)
         * whatever the number of listeners; when full, the rarest listener pairs are dropped first.
         */
        @WithDefault("1800000")
        int maxPairs();

        /** Neighbours kept per artist by the artist co-listening model (catalog artists only). */
        @WithDefault("50")
        int artistNeighbours();

        /** Shrinkage of the artist co-listening cosine: pairs held by few baskets count for less. */
        @WithDefault("10.0")
        double artistShrinkage();

        /**
         * A directory with the HetRec 2011 Last.fm 2K files ({@code artists.dat}, {@code user_artists.dat}): each
         * Last.fm user becomes one basket of the artist co-listening model, read at each re-learning. Absent: the
         * model learns from the public playlists and the listeners' loved artists only.
         */
        Optional<java.nio.file.Path> publicListeningDirectory();

        /** Profile changes within this window after the first cost one re-learning. */
        @WithDefault("30s")
        Duration debounce();
    }

    /**
     * Free-text prompts are read by the LLM router (POST /api/v1/llm/interpret). How long a recommendation waits for the
     * reading is the fault-tolerance timeout of InterpretationService#read (3 s; application.properties).
     */
    interface Interpreter {
        /**
         * The provider asked for: {@code local} is the router's deterministic offline interpreter (fast, same prompt
         * same reading); unset lets the router pick the user's preferred LLM.
         */
        @WithDefault("local")
        Optional<String> provider();
    }

    /** Request limits; larger values are a 400 naming the field. */
    interface Limits {
        @WithDefault("1000")
        int maxPromptLength();

        @WithDefault("20")
        int maxGenres();

        @WithDefault("20")
        int maxSeedArtists();

        @WithDefault("50")
        int maxSeedTracks();

        @WithDefault("3650")
        int maxExcludePlayedWithinDays();

        /** Track ids in {@code excludeTrackIds}: room for every list a long conversation has shown. */
        @WithDefault("1000")
        int maxExcludeTracks();

        @WithDefault("100")
        int maxExcludeArtists();

        @WithDefault("50")
        int maxExcludeGenres();
    }

    /** Feedback events (docs/events.md, feedback.recorded). */
    interface Feedback {
        @WithDefault("echotune.feedback-events")
        String topic();

        /** Feedback whose event is not acknowledged after this long is re-sent by the outbox. */
        @WithDefault("15s")
        Duration resendAfter();
    }
}
