package io.echotune.ingestion;

/** The export formats an import understands, detected from the content of each file. */
public enum ImportFormat {
    /** Extended streaming history JSON: Streaming_History_Audio_*.json, endsong_*.json, Streaming_History_Video_*.json. */
    EXTENDED,
    /** Account-data JSON: StreamingHistory*.json, StreamingHistory_music_*.json, StreamingHistory_podcast_*.json. */
    BASIC,
    /** CSV whose header uses the extended field names. */
    CSV
}
