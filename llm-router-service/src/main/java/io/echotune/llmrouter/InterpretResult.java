package io.echotune.llmrouter;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A reading and how it was obtained: which provider and model produced it, how long the whole call took, the prompt
 * (or rule set) version, how many providers failed before it ({@code fallbackAttempts}), and whether it came from
 * the cache of identical calls.
 */
@RegisterForReflection
public record InterpretResult(Interpretation interpretation, String providerUsed, String model, long latencyMs,
                              String promptVersion, int fallbackAttempts, TokenUsage tokens, boolean cached) {

    public InterpretResult(Interpretation interpretation, String providerUsed, String model, long latencyMs,
                           String promptVersion, int fallbackAttempts, TokenUsage tokens) {
        this(interpretation, providerUsed, model, latencyMs, promptVersion, fallbackAttempts, tokens, false);
    }

    /** The same reading served from the cache, in {@code latencyMs}. */
    public InterpretResult fromCache(long latencyMs) {
        return new InterpretResult(interpretation, providerUsed, model, latencyMs, promptVersion, 0, TokenUsage.NONE, true);
    }
}
