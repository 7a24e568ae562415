package io.echotune.llmrouter;

/**
 * The API a provider speaks. Configuration names kinds in kebab-case ({@code openai-compatible}).
 * A kind that needs a key cannot be used without one; the others (a local Ollama, a self-hosted
 * OpenAI-compatible server) need one only when an {@code api-key-env} is configured for them.
 */
public enum ProviderKind {
    OPENAI("openai", true),
    OPENROUTER("openrouter", true),
    GEMINI("gemini", true),
    OLLAMA("ollama", false),
    OPENAI_COMPATIBLE("openai-compatible", false),
    ANTHROPIC("anthropic", true);

    private final String id;
    private final boolean requiresKey;

    ProviderKind(String id, boolean requiresKey) {
        this.id = id;
        this.requiresKey = requiresKey;
    }

    /** The name used in configuration and in the API. */
    public String id() {
        return id;
    }

    public boolean requiresKey() {
        return requiresKey;
    }
}
