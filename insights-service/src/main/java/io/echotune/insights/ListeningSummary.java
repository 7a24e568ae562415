package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * The headline figures of a user's music listening in a time window (see {@link ListeningRules} for what
 * a stream and a skip are). Without records every count is 0 and both instants are null.
 */
@RegisterForReflection
public record ListeningSummary(long records, long streams, long msPlayed, long uniqueTracks, long uniqueArtists,
                               double skipRate, Instant firstPlayedAt, Instant lastPlayedAt) {
}
