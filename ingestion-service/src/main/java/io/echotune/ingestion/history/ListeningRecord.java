package io.echotune.ingestion.history;

import io.echotune.ingestion.imports.ImportFormat;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One play, normalised from any export format: what travels on echotune.listening-events, what the history
 * writer stores, and what the history page and the data export read back from the store. Times are epoch
 * milliseconds (UTC). {@code id} is the record identity, {@code playKey} the cross-format key of the same play (null
 * when the record has no artist and title, or, read back, when another document of the play holds it); see README
 * "Identity".
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

    /**
     * Whether the record only estimates the play: BASIC records carry minute-precision times and names only, and
     * SPOTIFY_RECENT records assume a full play; EXTENDED and CSV carry the exact play as the export reports it.
     */
    public boolean estimate() {
        return isEstimate(source == null ? null : source.name());
    }

    /** Whether a stored record's {@code source} field names an estimate (see {@link #estimate()}). */
    public static boolean isEstimate(String source) {
        return ImportFormat.BASIC.name().equals(source) || ImportFormat.SPOTIFY_RECENT.name().equals(source);
    }
}
