package io.echotune.llmrouter.rest;

import io.echotune.llmrouter.Routed;
import io.echotune.llmrouter.TokenUsage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The reply and how it was written. */
@RegisterForReflection
public record ComposeResponse(String reply, String providerUsed, String model, long latencyMs, String promptVersion,
                              int fallbackAttempts, TokenUsage tokens) {

    static ComposeResponse of(Routed<String> routed) {
        return new ComposeResponse(routed.value(), routed.providerUsed(), routed.model(), routed.latencyMs(),
                routed.promptVersion(), routed.fallbackAttempts(), routed.tokens());
    }
}
