package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One listening session: from the start of its first play to the latest end of its plays
 * ({@link ListeningRules#SESSION_GAP_MS}).
 */
@RegisterForReflection
public record ListeningSession(Instant start, Instant end, long durationMs, long records, long msPlayed) {
}
