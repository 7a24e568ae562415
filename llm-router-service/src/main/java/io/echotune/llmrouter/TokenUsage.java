package io.echotune.llmrouter;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Tokens a remote provider reports for one call; the offline interpreter uses none. */
@RegisterForReflection
public record TokenUsage(int input, int output) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output);
    }
}
