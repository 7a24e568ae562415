package io.echotune.playlist.export;

import io.echotune.playlist.Playlist;
import io.echotune.playlist.PlaylistTrack;

import java.util.List;

/** RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF. */
final class CsvExport {

    private static final String CRLF = "\r\n";
    private static final List<String> HEADER = List.of("position", "track_id", "name", "artists", "album",
            "duration_ms", "uri", "spotify_url");

    private CsvExport() {
    }

    static String write(Playlist playlist) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (PlaylistTrack t : playlist.tracks()) {
            row(out, List.of(String.valueOf(t.position()), t.trackId(), nullToEmpty(t.name()),
                    t.artists() == null ? "" : String.join("; ", t.artists()), nullToEmpty(t.album()),
                    t.durationMs() == null ? "" : String.valueOf(t.durationMs()), nullToEmpty(t.uri()), t.spotifyUrl()));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append(CRLF);
    }

    static String field(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
