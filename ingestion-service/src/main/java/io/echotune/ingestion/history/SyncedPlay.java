package io.echotune.ingestion.history;

/**
 * One play the gateway's Spotify sync read from Spotify's recently-played endpoint, already in the export's terms:
 * {@code endTime} is when the play ended (as an export's {@code ts}), {@code msPlayed} the assumed played time (the
 * track's duration). The mapping from Spotify's item is the gateway's (docs/privacy.md "Spotify sync").
 */
public record SyncedPlay(String endTime, Long msPlayed, String trackUri, String trackName, String artistName,
                         String albumName) {
}
