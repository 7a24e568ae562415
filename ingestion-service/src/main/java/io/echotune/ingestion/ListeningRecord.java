package io.echotune.ingestion;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One play, normalised from any export format: what travels on echotune.listening-events and what the history
 * writer stores. Times are epoch milliseconds (UTC). {@code id} is the record identity, {@code playKey} the
 * cross-format key of the same play (null when the record has no artist and title); see README "Identity".
 */
@RegisterForReflection
public record ListeningRecord(
        String id,
        String playKey,
        long playedAt,
        long msPlayed,
        String contentType,
        String trackUri,
        String trackKey,
        String trackName,
        String artistName,
        String albumName,
        String reasonStart,
        String reasonEnd,
        Boolean skipped,
        Boolean shuffle,
        Boolean offline,
        String platform,
        String country,
        ImportFormat source) {

    /** BASIC records carry minute-precision times and names only; EXTENDED and CSV carry the exact play. */
    public boolean precise() {
        return source != ImportFormat.BASIC;
    }
}
