package io.echotune.llmrouter;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One earlier message of the conversation: {@code role} is {@code user} or {@code assistant}. */
@RegisterForReflection
public record Turn(String role, String text) {
}
