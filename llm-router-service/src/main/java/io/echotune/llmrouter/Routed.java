package io.echotune.llmrouter;

/** What the router got for one call and how: the answering provider and model, time, version, failures, tokens. */
public record Routed<T>(T value, String providerUsed, String model, long latencyMs, String promptVersion,
                        int fallbackAttempts, TokenUsage tokens) {
}
