package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** A track once played a lot and not since (see {@link ListeningRules#FORGOTTEN_AFTER_MONTHS}). */
@RegisterForReflection
public record ForgottenFavorite(String trackUri, String track, String artist, long streams, long msPlayed,
                                Instant firstPlayedAt, Instant lastPlayedAt) {
}
