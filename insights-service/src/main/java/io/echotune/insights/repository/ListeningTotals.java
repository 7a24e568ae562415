package io.echotune.insights.repository;

import java.time.Instant;

/** The raw counts one summary aggregation returns; the service derives rates from them. */
public record ListeningTotals(long records, long streams, long skips, long msPlayed, long uniqueTracks,
                              long uniqueArtists, Instant firstPlayedAt, Instant lastPlayedAt) {

    static final ListeningTotals NONE = new ListeningTotals(0, 0, 0, 0, 0, 0, null, null);
}
