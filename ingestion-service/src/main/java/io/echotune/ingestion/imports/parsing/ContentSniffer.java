package io.echotune.ingestion.imports.parsing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.echotune.ingestion.imports.ImportFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells what a file is from its content, never from its name or the declared media type: a ZIP (by its magic
 * number), extended or basic history JSON (by the field names of the first record), a CSV with the extended
 * header, or something else. Only the start of the file is read; full validation is the reader's job.
 * Names serve only as hints where content cannot decide (an empty list, a broken file named *.json).
 */
public final class ContentSniffer {

    /** What a file turned out to be. */
    public enum Kind { ZIP, HISTORY, EMPTY, UNSUPPORTED, MALFORMED }

    /** The verdict: for HISTORY the format; for UNSUPPORTED/MALFORMED a detail completing "file X ...". */
    public record Verdict(Kind kind, ImportFormat format, String detail) {
    }

    /** Opens the file again from its start. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    static final Set<String> EXTENDED_FIELDS = Set.of("ts", "username", "platform", "ms_played", "conn_country",
            "ip_addr", "ip_addr_decrypted", "user_agent_decrypted", "master_metadata_track_name",
            "master_metadata_album_artist_name", "master_metadata_album_album_name", "spotify_track_uri",
            "episode_name", "episode_show_name", "spotify_episode_uri", "audiobook_title", "audiobook_uri",
            "audiobook_chapter_uri", "audiobook_chapter_title", "reason_start", "reason_end", "shuffle", "skipped",
            "offline", "offline_timestamp", "incognito_mode");
    private static final List<String> CSV_IDENTITY_COLUMNS = List.of("spotify_track_uri", "master_metadata_track_name",
            "spotify_episode_uri", "episode_name", "audiobook_uri", "audiobook_chapter_uri");
    private static final int HEAD_BYTES = 64 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ContentSniffer() {
    }

    public static Verdict sniff(Opener opener, String name) throws IOException {
        byte[] head;
        try (InputStream in = opener.open()) {
            head = in.readNBytes(HEAD_BYTES);
        }
        if (head.length == 0) {
            return new Verdict(Kind.EMPTY, null, "is empty");
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8))) {
            return new Verdict(Kind.ZIP, null, null);
        }
        int i = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
            i++;
        }
        if (i == head.length) {
            return new Verdict(Kind.EMPTY, null, "holds only white space");
        }
        if (head[i] == '[' || head[i] == '{') {
            return sniffJson(opener, name);
        }
        return sniffText(head, name);
    }

    private static Verdict sniffJson(Opener opener, String name) throws IOException {
        try (InputStream in = opener.open(); JsonParser p = JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                return unsupported("is a JSON object, not a list of plays (not a streaming-history file)");
            }
            JsonToken element = p.nextToken();
            if (element == JsonToken.END_ARRAY) {
                ImportFormat hinted = formatFromName(name);
                return hinted != null ? new Verdict(Kind.HISTORY, hinted, null)
                        : unsupported("is an empty JSON list: nothing tells that it is a streaming history");
            }
            if (element != JsonToken.START_OBJECT) {
                return unsupported("is a JSON list of " + element.asString() + "-like values, not of plays");
            }
            Set<String> fields = new LinkedHashSet<>();
            String field;
            while ((field = p.nextFieldName()) != null) {
                fields.add(field);
                p.nextToken();
                p.skipChildren();
            }
            if (fields.contains("ts") || fields.contains("ms_played")) {
                return new Verdict(Kind.HISTORY, ImportFormat.EXTENDED, null);
            }
            if (fields.contains("endTime") || fields.contains("msPlayed")) {
                return new Verdict(Kind.HISTORY, ImportFormat.BASIC, null);
            }
            return unsupported("is JSON whose records have the fields " + abbreviate(fields)
                    + ": not a streaming history");
        } catch (JsonProcessingException e) {
            return new Verdict(Kind.MALFORMED, null, HistoryFileReader.translate(e, "JSON").getMessage());
        }
    }

    private static Verdict sniffText(byte[] head, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (byte b : head) {
            if (b == 0) {
                return lower.endsWith(".json") ? new Verdict(Kind.MALFORMED, null, "is not JSON: it holds binary data")
                        : unsupported("holds binary data that is neither a ZIP, JSON nor CSV");
            }
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int end = text.indexOf('\n');
        String firstLine = (end >= 0 ? text.substring(0, end) : text).strip();
        List<String> columns = csvHeader(firstLine);
        boolean looksExtended = columns.stream().anyMatch(EXTENDED_FIELDS::contains);
        if (looksExtended || lower.endsWith(".csv")) {
            List<String> missing = new ArrayList<>();
            for (String required : List.of("ts", "ms_played")) {
                if (!columns.contains(required)) {
                    missing.add(required);
                }
            }
            if (CSV_IDENTITY_COLUMNS.stream().noneMatch(columns::contains)) {
                missing.add("one of " + String.join(", ", CSV_IDENTITY_COLUMNS));
            }
            if (!missing.isEmpty()) {
                return new Verdict(Kind.MALFORMED, null, "is a CSV without the required column(s): "
                        + String.join("; ", missing) + " (header: " + abbreviate(columns) + ")");
            }
            return new Verdict(Kind.HISTORY, ImportFormat.CSV, null);
        }
        if (lower.endsWith(".json")) {
            return new Verdict(Kind.MALFORMED, null, "is not JSON: it starts with '" + abbreviate(firstLine) + "'");
        }
        return unsupported("is neither a ZIP, a JSON streaming history nor a CSV with the extended header");
    }

    /** Splits a CSV header line, honouring double quotes. */
    static List<String> csvHeader(String line) {
        List<String> columns = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                columns.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        columns.add(current.toString().strip());
        return columns;
    }

    /** The format a file's name suggests, used only when the content cannot tell (an empty list). */
    public static ImportFormat formatFromName(String name) {
        String base = baseName(name);
        if (base.startsWith("StreamingHistory")) {
            return ImportFormat.BASIC;
        }
        if (base.startsWith("Streaming_History_") || base.startsWith("endsong")) {
            return ImportFormat.EXTENDED;
        }
        return null;
    }

    /** Streaming_History_Video_* files hold video plays (same schema as audio). */
    public static boolean isVideoFile(String name) {
        return baseName(name).startsWith("Streaming_History_Video");
    }

    static String baseName(String name) {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static Verdict unsupported(String detail) {
        return new Verdict(Kind.UNSUPPORTED, null, detail);
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
