package io.echotune.recommender.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.recommender.Feedback;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.UUID;

/**
 * Publishes {@code feedback.recorded} on {@code echotune.feedback-events} (docs/events.md), keyed by user id, and
 * completes only when the broker acknowledged it ({@code acks=all}). The event id is derived from the feedback id
 * ({@code fb-<feedbackId>}), so the outbox re-sending it produces the same event.
 */
@ApplicationScoped
public class FeedbackEventPublisher {

    public static final String TYPE = "feedback.recorded";
    public static final int SCHEMA_VERSION = 1;

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public FeedbackEventPublisher(@Channel("feedback-events") MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    @RegisterForReflection
    public record Payload(UUID feedbackId, String trackId, String signal, String requestId) {
    }

    @RegisterForReflection
    public record Envelope(String eventId, String type, Instant occurredAt, String userId, int schemaVersion,
                           Payload payload) {
    }

    public Uni<Void> publish(String userId, Feedback feedback) {
        Envelope envelope = new Envelope("fb-" + feedback.feedbackId(), TYPE, feedback.receivedAt(), userId, SCHEMA_VERSION,
                new Payload(feedback.feedbackId(), feedback.trackId(), feedback.signal().wireName(), feedback.requestId()));
        String value;
        try {
            value = json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return emitter.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(userId).build()));
    }
}
