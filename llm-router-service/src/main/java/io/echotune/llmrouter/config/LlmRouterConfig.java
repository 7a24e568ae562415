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
