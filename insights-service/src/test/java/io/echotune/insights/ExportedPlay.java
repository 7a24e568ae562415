package io.echotune.insights;

import java.time.Instant;

/**
 * One play read from a raw Spotify export by {@link SpotifyExportLoader}, already in the shape ingestion-service
 * stores (contentType, trackKey ...). The exactness tests insert these and compute their expectations from them.
 */
record ExportedPlay(Instant playedAt, long msPlayed, String contentType, String trackUri, String trackKey,
                    String trackName, String artistName, String albumName, String reasonStart, String reasonEnd,
                    Boolean skipped, Boolean shuffle, Boolean offline, String platform, String country,
                    String source) {

    boolean isMusic() {
        return "music".equals(contentType);
    }

    Instant startedAt() {
        return playedAt.minusMillis(msPlayed);
    }
}
