package io.echotune.ingestion.imports.parsing;

/**
 * The longest text each kind of record field may hold, in characters (UTF-16 units); a record with a longer value
 * is rejected, never truncated (a cut name would be a different name). See IngestionConfig.Records.
 *
 * @param name     track, artist, album, episode, show, audiobook and chapter names
 * @param uri      Spotify URIs
 * @param platform the device/platform string
 * @param code     reason_start, reason_end, conn_country
 */
public record FieldLimits(int name, int uri, int platform, int code) {
}
