package io.echotune.recommender.ranking;

/**
 * One play as the taste model reads it, from a {@code listening_history} document or a {@code listening.records}
 * event. {@code trackId} is the catalog's Spotify id when the play resolved to a catalog track (by URI, or by
 * normalised artist and title through {@code track_names}), else null. Times are epoch milliseconds, UTC.
 */
public record Play(String recordId, long playedAt, long msPlayed, String contentType, String trackId,
                   String trackName, String artistName, String reasonStart, String reasonEnd, Boolean skipped) {

    public boolean isMusic() {
        return contentType == null || "music".equals(contentType);
    }
}
