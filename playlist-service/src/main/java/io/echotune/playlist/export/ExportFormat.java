package io.echotune.playlist.export;

import io.echotune.commons.problem.ApiException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The download formats of a playlist, with the media type and file extension each is served with. */
public enum ExportFormat {
    JSON("application/json", "json"),
    CSV("text/csv; charset=utf-8; header=present", "csv"),
    M3U8("application/vnd.apple.mpegurl", "m3u8"),
    XSPF("application/xspf+xml", "xspf");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The format of a {@code format} query value; absent means JSON, anything unknown is a 400 naming the field. */
    public static ExportFormat of(String wireName) {
        if (wireName == null || wireName.isBlank()) {
            return JSON;
        }
        for (ExportFormat f : values()) {
            if (f.extension.equals(wireName.strip().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw ApiException.invalidField("format", "must be one of " + Arrays.stream(values())
                .map(ExportFormat::extension).collect(Collectors.joining(", ")));
    }
}
