package io.echotune.chat;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * One turn of a conversation. {@code role} is {@code user} or {@code assistant}; {@code intent} is the
 * reading of a user message (one of the public API's chat intents) and null where none was made.
 */
@RegisterForReflection
public record ChatMessage(UUID messageId, String role, String text, String intent, Instant createdAt) {
}
