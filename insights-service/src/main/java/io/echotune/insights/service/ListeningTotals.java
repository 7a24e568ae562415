package io.echotune.insights.service;

import java.time.Instant;

/** The raw counts of a window's music; the summary derives its rates from them. */
record ListeningTotals(long records, long streams, long skips, long msPlayed, long uniqueTracks, long uniqueArtists,
                       Instant firstPlayedAt, Instant lastPlayedAt) {

    static final ListeningTotals NONE = new ListeningTotals(0, 0, 0, 0, 0, 0, null, null);
}
