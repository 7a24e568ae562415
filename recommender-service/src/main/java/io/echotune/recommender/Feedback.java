package io.echotune.recommender;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * One piece of feedback on a track, kept for the taste model. {@code trackId} is the bare Spotify id;
 * {@code requestId} names the recommendation it answers, when the client sent one.
 */
@RegisterForReflection
public record Feedback(UUID feedbackId, String trackId, FeedbackSignal signal, String requestId, Instant receivedAt) {
}
