package io.echotune.llmrouter.config;

import io.echotune.llmrouter.ProviderKind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "echotune.llm-router")
public interface LlmRouterConfig {

    /**
     * The LLM providers the router may call, keyed by provider name (1 to 64 characters of a-z, 0-9 and '-';
     * {@code local} is reserved for the built-in offline interpreter).
     */
    Map<String, Provider> providers();

    /**
     * The provider to try first when the caller states no preference (a name from {@code providers}); absent means
     * providers in priority order. The offline interpreter {@code local} may be named too.
     */
    Optional<String> defaultProvider();

    /** How long one interpret or compose call may take in all, every provider and retry included. */
    @WithDefault("20s")
    Duration deadline();

    /** The longest message the service reads, in characters. */
    @WithDefault("2000")
    int maxTextLength();

    /** The most earlier turns of a conversation passed along with a message. */
    @WithDefault("12")
    int maxContextTurns();

    /** The offline interpreter. */
    Local local();

    /** The Redis cache of interpret results. */
    Cache cache();

    interface Cache {
        /** Whether identical interpret calls answered by a remote provider are served from Redis. */
        @WithDefault("true")
        boolean enabled();

        /** How long a cached reading is reused. */
        @WithDefault("1h")
        Duration ttl();

        /** How long a cache read or write may take before the call goes on without the cache. */
        @WithDefault("250ms")
        Duration timeout();
    }

    /** The circuit breaker every remote provider gets (one per provider, named {@code llm-provider-<name>}). */
    Breaker breaker();

    /** Retries of remote calls: one budget per request, shared by all providers. */
    Retry retry();

    interface Breaker {
        /** How many recent calls the failure ratio is computed over (the breaker cannot open before that many). */
        @WithDefault("4")
        int requestVolume();

        /** The share of failed calls among the recent ones that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before letting a trial call through (half-open). */
        @WithDefault("30s")
        Duration delay();

        /** How many trial calls must succeed to close the breaker again. */
        @WithDefault("1")
        int successThreshold();
    }

    interface Retry {
        /** Retries allowed per request across all providers (429, 5xx and connection failures only). */
        @WithDefault("2")
        int budget();

        /** The first backoff; it doubles with every retry, with up to half of it taken off at random (jitter). */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** The longest backoff between two attempts. */
        @WithDefault("2s")
        Duration maxBackoff();

        /** The longest Retry-After the router waits for; a longer one sends the request to the next provider. */
        @WithDefault("5s")
        Duration maxRetryAfter();
    }

    interface Local {
        /**
         * How often the catalog gazetteer (artists, tracks, genres of echotune.tracks) is reloaded from MongoDB even
         * when no catalog load happened (tracks that enrichment added one by one).
         */
        @WithDefault("10m")
        Duration gazetteerRefresh();

        /**
         * How often the catalog's version ({@code echotune.catalog_meta}) is checked; a new version (a finished
         * catalog load) reloads the gazetteer at once.
         */
        @WithDefault("15s")
        Duration catalogCheck();

        /** How many catalog tracks are read into the gazetteer at most (names beyond it are not recognised). */
        @WithDefault("500000")
        int gazetteerMaxTracks();
    }

    interface Provider {

        /** The API the provider speaks: openai, openrouter, gemini, ollama, openai-compatible or anthropic. */
        ProviderKind kind();

        /** The http(s) base URL of the provider's API, e.g. {@code https://api.openai.com/v1}. */
        String baseUrl();

        /** The model to ask for, as the provider names it. */
        String model();

        /**
         * The NAME of the environment variable that holds the API key; the key itself is never configured
         * anywhere else. Absent for providers that need no key.
         */
        Optional<String> apiKeyEnv();

        /** How long one call to the provider may take. */
        @WithDefault("30s")
        Duration timeout();

        /** Routing order: lower first; ties are broken by name. */
        @WithDefault("100")
        int priority();

        /** Whether the router may use the provider at all. */
        @WithDefault("true")
        boolean enabled();
    }
}
