package io.echotune.recommender.ranking;

import io.echotune.commons.music.TrackNames;

/**
 * One play as the taste model reads it, from a {@code listening_history} document or a {@code listening.records}
 * event. {@code trackId} is the catalog's Spotify id when the play resolved to a catalog track (by URI, or by
 * normalised artist and title through {@code track_names}), else null. {@code trackKey} is the track's identity as
 * ingestion keys it (the {@code spotify:track:} URI when the play has one, else {@link TrackNames#nameKey}), so a
 * track outside the catalog is still one track across plays. Times are epoch milliseconds, UTC.
 */
public record Play(String recordId, long playedAt, long msPlayed, String contentType, String trackId,
                   String trackName, String artistName, String reasonStart, String reasonEnd, Boolean skipped,
                   String trackKey, String albumName) {

    /** A play whose track key is derived from its artist and title (no URI, no album). */
    public Play(String recordId, long playedAt, long msPlayed, String contentType, String trackId, String trackName,
                String artistName, String reasonStart, String reasonEnd, Boolean skipped) {
        this(recordId, playedAt, msPlayed, contentType, trackId, trackName, artistName, reasonStart, reasonEnd, skipped,
                null, null);
    }

    public Play {
        if (trackKey == null && trackName != null && artistName != null) {
            trackKey = TrackNames.nameKey(artistName, trackName);
        }
    }

    public boolean isMusic() {
        return contentType == null || "music".equals(contentType);
    }
}
