package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One turn of a conversation. {@code role} is {@code user} or {@code assistant}. A user message carries its
 * text and, once read, its {@code intent}; an assistant message is the answer of API.md "Chat" ({@code reply},
 * {@code intent}, {@code tracks}, {@code playlist}, {@code insight}, {@code providerUsed}, {@code model},
 * {@code latencyMs}, {@code fallbackAttempts}) plus what the turn was made of: the {@code entities} read,
 * {@code promptVersion}, {@code tokens} and {@code outcome} ({@code ok}, or {@code degraded} when a service it needed
 * was unavailable). {@code text} equals {@code reply} on assistant messages. A user message whose turn was cut off
 * before its answer was stored has the outcome {@code unanswered} ({@code service.UnansweredMessages}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(UUID messageId, String role, String text, String reply, String intent, JsonNode entities,
                          List<ShownTrack> tracks, SavedPlaylist playlist, InsightAnswer insight,
                          String providerUsed, String model, Long latencyMs, Integer fallbackAttempts,
                          String promptVersion, Reading.Tokens tokens, String outcome, Instant createdAt) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    /** The outcome of a user message whose turn was cut off before its answer was stored. */
    public static final String UNANSWERED = "unanswered";

    public ChatMessage withOutcome(String newOutcome) {
        return new ChatMessage(messageId, role, text, reply, intent, entities, tracks, playlist, insight, providerUsed,
                model, latencyMs, fallbackAttempts, promptVersion, tokens, newOutcome, createdAt);
    }
}
