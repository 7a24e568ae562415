package io.echotune.chat;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * A chat session as its owner sees it. {@code provider} is the LLM provider the user asked for in this
 * session, or null when the router may choose.
 */
@RegisterForReflection
public record ChatSession(UUID sessionId, String title, String provider, Instant createdAt, Instant updatedAt,
                          long messageCount) {
}
