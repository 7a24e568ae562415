package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's conversations as the data export carries them ({@code chats.json}, docs/privacy.md): everything stored. */
public final class ChatExport {

    private ChatExport() {
    }

    @RegisterForReflection
    public record Session(UUID sessionId, String title, String provider, Instant createdAt, Instant updatedAt,
                          List<Message> messages) {
    }

    /** A message with what the assistant's reply was made of (empty fields left out). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(UUID messageId, String role, String text, String intent, Instant createdAt, JsonNode entities,
                          JsonNode tracks, JsonNode playlist, JsonNode insight, String provider, String model,
                          Long latencyMs, Integer fallbackAttempts, String outcome) {
    }
}
