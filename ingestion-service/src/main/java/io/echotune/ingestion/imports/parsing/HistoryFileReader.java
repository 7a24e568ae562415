package io.echotune.ingestion.imports.parsing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one history file as a stream with Jackson's streaming parser: memory stays flat whatever the file size
 * (one record's fields at a time). Extended and basic JSON share one loop; CSV is read by Jackson's CSV parser,
 * which presents each row as an object keyed by the header, so it goes through the same field mapping.
 * Structural problems (not JSON, truncated, invalid UTF-8, a record that is not an object, a known field holding
 * an object) fail the whole file; value problems (bad time, negative ms_played, ...) reject only that record.
 * Memory per value is bounded too: Jackson reads a string token whole, so the parsers are built with
 * {@code StreamReadConstraints.maxStringLength} = maxValueChars, and a known field holding a longer value (a 50 MB
 * "track name") fails the file as soon as the limit is passed, before the rest of the value is buffered. Values
 * of unknown fields are skipped without being buffered at all.
 */
public final class HistoryFileReader {

    private HistoryFileReader() {
    }

    /**
     * Checks the file's structure only (what makes it a file-level problem) and returns how many records it holds:
     * the upload's validation pass, which runs while the user waits, need not normalise or identify records.
     */
    public static long check(InputStream in, ImportFormat format, int maxValueChars)
            throws IOException, MalformedFileException {
        return read(in, format, maxValueChars, null, null);
    }

    /**
     * Reads every record of the file into the sink and returns how many records the file holds; with no normaliser
     * (see {@link #check}) records are only read.
     */
    public static long read(InputStream in, ImportFormat format, int maxValueChars, PlayNormaliser normaliser,
                            RecordSink sink) throws IOException, MalformedFileException {
        StreamReadConstraints constraints = StreamReadConstraints.builder().maxStringLength(maxValueChars).build();
        if (format == ImportFormat.CSV) {
            return readCsv(in, CsvFactory.builder().streamReadConstraints(constraints).build(), normaliser, sink,
                    maxValueChars);
        }
        JsonFactory json = JsonFactory.builder().streamReadConstraints(constraints).build();
        try (JsonParser parser = json.createParser(in)) {
            return readRecords(parser, normaliser, sink, "JSON", maxValueChars);
        } catch (JsonProcessingException e) {
            throw translate(e, "JSON");
        }
    }

    private static long readCsv(InputStream in, CsvFactory csv, PlayNormaliser normaliser, RecordSink sink,
                                int maxValueChars) throws IOException, MalformedFileException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (CsvParser parser = csv.createParser(strictUtf8(in))) {
            parser.setSchema(schema);
            parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            parser.enable(CsvParser.Feature.TRIM_SPACES);
            return readRecords(parser, normaliser, sink, "CSV", maxValueChars);
        } catch (JsonProcessingException e) {
            throw translate(e, "CSV");
        } catch (CharacterCodingException e) {
            throw new MalformedFileException("is not valid UTF-8 text");
        }
    }

    /** A reader that fails on bytes that are not UTF-8, and drops a leading byte-order mark. */
    static Reader strictUtf8(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static long readRecords(JsonParser p, PlayNormaliser normaliser, RecordSink sink, String kind,
                                    int maxValueChars) throws IOException, MalformedFileException {
        JsonToken token = p.nextToken();
        if (token != JsonToken.START_ARRAY) {
            throw new MalformedFileException("is not a " + kind + " list of plays");
        }
        RawPlay raw = new RawPlay();
        long n = 0;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new MalformedFileException("is truncated: the list of plays is not closed");
            }
            n++;
            if (token != JsonToken.START_OBJECT) {
                throw new MalformedFileException("has the wrong shape: record " + n + " is not an object but "
                        + describe(token));
            }
            raw.reset();
            try {
                readObject(p, raw, n);
            } catch (StreamConstraintsException e) {
                String field = p.currentName();
                throw new MalformedFileException("holds a value longer than " + maxValueChars
                        + " characters, the most a file may hold, in record " + n
                        + (field == null ? "" : " field '" + field + "'"));
            }
            if (normaliser == null) {
                continue;
            }
            ListeningRecord record = normaliser.normalise(raw);
            if (record != null) {
                sink.accepted(record);
            } else {
                sink.rejected(n, normaliser.rejection());
            }
        }
        if (p.nextToken() != null) {
            throw new MalformedFileException("has content after the end of the list of plays (line "
                    + p.currentLocation().getLineNr() + ")");
        }
        return n;
    }

    private static void readObject(JsonParser p, RawPlay raw, long n) throws IOException, MalformedFileException {
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (field) {
                // extended (and CSV) field names
                case "ts" -> {
                    raw.endTimeField = field;
                    raw.endTime = text(p, value, field, n);
                }
                case "ms_played", "msPlayed" -> number(p, value, field, n, raw);
                case "master_metadata_track_name" -> raw.trackName = text(p, value, field, n);
                case "master_metadata_album_artist_name" -> raw.artistName = text(p, value, field, n);
                case "master_metadata_album_album_name" -> raw.albumName = text(p, value, field, n);
                case "spotify_track_uri" -> raw.trackUri = text(p, value, field, n);
                case "episode_name", "episodeName" -> raw.episodeName = text(p, value, field, n);
                case "episode_show_name", "podcastName" -> raw.showName = text(p, value, field, n);
                case "spotify_episode_uri" -> raw.episodeUri = text(p, value, field, n);
                case "audiobook_title" -> raw.audiobookTitle = text(p, value, field, n);
                case "audiobook_uri" -> raw.audiobookUri = text(p, value, field, n);
                case "audiobook_chapter_uri" -> raw.chapterUri = text(p, value, field, n);
                case "audiobook_chapter_title" -> raw.chapterTitle = text(p, value, field, n);
                case "reason_start" -> raw.reasonStart = text(p, value, field, n);
                case "reason_end" -> raw.reasonEnd = text(p, value, field, n);
                case "platform" -> raw.platform = text(p, value, field, n);
                case "conn_country" -> raw.country = text(p, value, field, n);
                case "shuffle" -> raw.shuffle = bool(p, value, field, n);
                case "skipped" -> raw.skipped = bool(p, value, field, n);
                case "offline" -> raw.offline = bool(p, value, field, n);
                // basic field names
                case "endTime" -> {
                    raw.endTimeField = field;
                    raw.endTime = text(p, value, field, n);
                }
                case "artistName" -> raw.artistName = text(p, value, field, n);
                case "trackName" -> raw.trackName = text(p, value, field, n);
                // everything else (ip_addr*, user_agent_decrypted, username, offline_timestamp, incognito_mode,
                // fields of later schema versions) is skipped unread: it is never stored
                default -> p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, JsonToken value, String field, long n)
            throws IOException, MalformedFileException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            throw wrongShape(field, value, n);
        }
        String text = p.getText();
        return text == null || text.isBlank() ? null : text;
    }

    private static Boolean bool(JsonParser p, JsonToken value, String field, long n)
            throws IOException, MalformedFileException {
        return switch (value) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> throw wrongShape(field, value, n);
            case VALUE_STRING -> {
                String text = p.getText().strip();
                if (text.equalsIgnoreCase("true") || text.equals("1")) {
                    yield Boolean.TRUE;
                }
                yield text.equalsIgnoreCase("false") || text.equals("0") ? Boolean.FALSE : null;
            }
            case VALUE_NUMBER_INT -> p.getIntValue() != 0;
            default -> null;
        };
    }

    private static void number(JsonParser p, JsonToken value, String field, long n, RawPlay raw)
            throws IOException, MalformedFileException {
        switch (value) {
            case VALUE_NULL -> raw.msState = RawPlay.Number.MISSING;
            case VALUE_NUMBER_INT -> {
                try {
                    raw.msPlayed = p.getLongValue();
                    raw.msState = RawPlay.Number.OK;
                } catch (InputCoercionException e) {
                    raw.msState = RawPlay.Number.INVALID;
                    raw.msText = p.getText();
                }
            }
            case VALUE_NUMBER_FLOAT -> wholeNumber(p.getText(), raw);
            case VALUE_STRING -> {
                String text = p.getText().strip();
                if (text.isEmpty()) {
                    raw.msState = RawPlay.Number.MISSING;
                } else {
                    wholeNumber(text, raw);
                }
            }
            case START_OBJECT, START_ARRAY -> throw wrongShape(field, value, n);
            default -> {
                raw.msState = RawPlay.Number.INVALID;
                raw.msText = p.getText();
            }
        }
    }

    private static void wholeNumber(String text, RawPlay raw) {
        try {
            raw.msPlayed = Long.parseLong(text);
            raw.msState = RawPlay.Number.OK;
            return;
        } catch (NumberFormatException ignored) {
            // maybe "1234.0"
        }
        try {
            double d = Double.parseDouble(text);
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                raw.msPlayed = (long) d;
                raw.msState = RawPlay.Number.OK;
                return;
            }
        } catch (NumberFormatException ignored) {
            // not a number at all
        }
        raw.msState = RawPlay.Number.INVALID;
        raw.msText = text;
    }

    private static MalformedFileException wrongShape(String field, JsonToken value, long n) {
        return new MalformedFileException("has the wrong shape: record " + n + " field '" + field + "' holds "
                + describe(value) + ", not a value");
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** Jackson's parse errors as a sentence about the file. */
    static MalformedFileException translate(JsonProcessingException e, String kind) {
        JsonLocation at = e.getLocation();
        String where = at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "";
        String message = e.getOriginalMessage() != null ? e.getOriginalMessage() : e.toString();
        if (message.contains("UTF-8") || message.contains("UTF8")) {
            return new MalformedFileException("is not valid UTF-8" + where);
        }
        if (e instanceof JsonEOFException || message.contains("end-of-input")) {
            return new MalformedFileException("is truncated: the " + kind + " ends early" + where);
        }
        String firstLine = message.lines().findFirst().orElse(message);
        return new MalformedFileException("is not valid " + kind + where + ": " + firstLine);
    }
}
