package io.echotune.ingestion.imports;

/**
 * Where a record came from: the export formats an import understands (detected from the content of each file), and
 * {@link #SPOTIFY_RECENT}, the plays the gateway's Spotify sync reads from Spotify's recently-played endpoint.
 */
public enum ImportFormat {
    /** Extended streaming history JSON: Streaming_History_Audio_*.json, endsong_*.json, Streaming_History_Video_*.json. */
    EXTENDED,
    /** Account-data JSON: StreamingHistory*.json, StreamingHistory_music_*.json, StreamingHistory_podcast_*.json. */
    BASIC,
    /** CSV whose header uses the extended field names. */
    CSV,
    /**
     * Not a file format: a play from {@code GET /v1/me/player/recently-played}, mapped by the gateway's sync
     * (docs/privacy.md "Spotify sync"). Exact to the second, but its msPlayed is the track's duration (Spotify does not
     * say how much was played), so like a BASIC record it is an estimate that the export's record of the same play
     * replaces.
     */
    SPOTIFY_RECENT
}
