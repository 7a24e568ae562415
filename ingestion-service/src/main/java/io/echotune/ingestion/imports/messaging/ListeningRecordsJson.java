package io.echotune.ingestion.imports.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.shared.kafka.EventEnvelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of {@code listening.records} (docs/events.md), written and read with Jackson's streaming API. Every
 * record of an import is written once and read twice (history writer, recommender); databind (records through
 * reflection, and a tree before the typed payload on reading) took a quarter of ingestion's CPU in an import.
 * The JSON is the same as databind's for the same envelope: fields in declaration order, nulls written,
 * occurredAt as ISO-8601 (ListeningRecordsJsonTest checks both directions).
 */
public final class ListeningRecordsJson {

    private ListeningRecordsJson() {
    }

    /** What {@link #read} found: the envelope's type and user, and the payload when it is a records event. */
    public record Parsed(String type, String userId, ListeningEvents.RecordsPayload payload) {
    }

    public static byte[] write(JsonFactory factory, EventEnvelope<ListeningEvents.RecordsPayload> envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 560 * envelope.payload().records().size());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", envelope.eventId().toString());
            g.writeStringField("type", envelope.type());
            g.writeStringField("occurredAt", envelope.occurredAt().toString());
            g.writeStringField("userId", envelope.userId());
            g.writeNumberField("schemaVersion", envelope.schemaVersion());
            ListeningEvents.RecordsPayload payload = envelope.payload();
            g.writeObjectFieldStart("payload");
            g.writeStringField("importId", payload.importId().toString());
            g.writeNumberField("fileNo", payload.fileNo());
            g.writeNumberField("batchNo", payload.batchNo());
            g.writeArrayFieldStart("records");
            for (ListeningRecord r : payload.records()) {
                writeRecord(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRecord(JsonGenerator g, ListeningRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("playKey", r.playKey());
        g.writeNumberField("playedAt", r.playedAt());
        g.writeNumberField("msPlayed", r.msPlayed());
        g.writeStringField("contentType", r.contentType());
        g.writeStringField("trackUri", r.trackUri());
        g.writeStringField("trackKey", r.trackKey());
        g.writeStringField("trackName", r.trackName());
        g.writeStringField("artistName", r.artistName());
        g.writeStringField("albumName", r.albumName());
        g.writeStringField("reasonStart", r.reasonStart());
        g.writeStringField("reasonEnd", r.reasonEnd());
        writeBoolean(g, "skipped", r.skipped());
        writeBoolean(g, "shuffle", r.shuffle());
        writeBoolean(g, "offline", r.offline());
        g.writeStringField("platform", r.platform());
        g.writeStringField("country", r.country());
        g.writeStringField("source", r.source() == null ? null : r.source().name());
        g.writeEndObject();
    }

    /**
     * The bytes {@link #write} spends on one record (its object, without the comma between records), computed
     * without writing it: the producer cuts batches by bytes with it (IngestionConfig.Pipeline#maxMessageBytes).
     * It follows Jackson's default escaping (control characters and each UTF-16 surrogate as a six-character unicode
     * escape or a two-character one, quote and backslash escaped, everything else as UTF-8), so it is the real size,
     * and never below it when a generator feature writes less.
     */
    public static int encodedSize(ListeningRecord r) {
        long size = 2 + 17;   // the braces and the commas between the 18 fields
        size += stringField("id", r.id()) + stringField("playKey", r.playKey())
                + numberField("playedAt", r.playedAt()) + numberField("msPlayed", r.msPlayed())
                + stringField("contentType", r.contentType()) + stringField("trackUri", r.trackUri())
                + stringField("trackKey", r.trackKey()) + stringField("trackName", r.trackName())
                + stringField("artistName", r.artistName()) + stringField("albumName", r.albumName())
                + stringField("reasonStart", r.reasonStart()) + stringField("reasonEnd", r.reasonEnd())
                + booleanField("skipped", r.skipped()) + booleanField("shuffle", r.shuffle())
                + booleanField("offline", r.offline()) + stringField("platform", r.platform())
                + stringField("country", r.country())
                + stringField("source", r.source() == null ? null : r.source().name());
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static long stringField(String name, String value) {
        return name.length() + 3 + (value == null ? 4 : 2 + escapedUtf8Length(value));
    }

    private static long numberField(String name, long value) {
        return name.length() + 3 + Long.toString(value).length();
    }

    private static long booleanField(String name, Boolean value) {
        return name.length() + 3 + (value == null || value ? 4 : 5);
    }

    private static long escapedUtf8Length(String value) {
        long bytes = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                bytes += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                // Jackson 2 writes each half of a supplementary character (an emoji) as its own escape unless
                // COMBINE_UNICODE_SURROGATES_IN_UTF8 is on (then 4 bytes for the pair): 6 is never too low
                bytes += 6;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static void writeBoolean(JsonGenerator g, String name, Boolean value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeBooleanField(name, value);
        }
    }

    /**
     * Reads an event of echotune.listening-events; the payload only when the type is {@code listening.records}
     * (other types are read with databind by the caller). Unknown fields are skipped, as databind would.
     *
     * @throws IOException when the bytes are not JSON or a field has the wrong kind of value
     */
    public static Parsed read(JsonFactory factory, byte[] bytes) throws IOException {
        try (JsonParser p = factory.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "an event object");
            String type = null;
            String userId = null;
            ListeningEvents.RecordsPayload payload = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = text(p, value);
                    case "userId" -> userId = text(p, value);
                    case "payload" -> {
                        // read as records unless the type (usually first) already says otherwise
                        if ((type == null || ListeningEvents.RECORDS.equals(type)) && value == JsonToken.START_OBJECT) {
                            payload = readPayload(p);
                        } else {
                            p.skipChildren();   // another type: the caller reads it
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new Parsed(type, userId, ListeningEvents.RECORDS.equals(type) ? payload : null);
        }
    }

    private static ListeningEvents.RecordsPayload readPayload(JsonParser p) throws IOException {
        UUID importId = null;
        int fileNo = 0;
        long batchNo = 0;
        List<ListeningRecord> records = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "importId" -> {
                    String text = text(p, value);
                    importId = text == null ? null : UUID.fromString(text);
                }
                case "fileNo" -> fileNo = (int) number(p, value);
                case "batchNo" -> batchNo = number(p, value);
                case "records" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        records = null;
                    } else {
                        expect(value, JsonToken.START_ARRAY, "records to be an array");
                        records = new ArrayList<>();
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            records.add(readRecord(p));
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new ListeningEvents.RecordsPayload(importId, fileNo, batchNo, records);
    }

    private static ListeningRecord readRecord(JsonParser p) throws IOException {
        String id = null, playKey = null, contentType = null, trackUri = null, trackKey = null, trackName = null;
        String artistName = null, albumName = null, reasonStart = null, reasonEnd = null, platform = null;
        String country = null;
        long playedAt = 0, msPlayed = 0;
        Boolean skipped = null, shuffle = null, offline = null;
        ImportFormat source = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, value);
                case "playKey" -> playKey = text(p, value);
                case "playedAt" -> playedAt = number(p, value);
                case "msPlayed" -> msPlayed = number(p, value);
                case "contentType" -> contentType = text(p, value);
                case "trackUri" -> trackUri = text(p, value);
                case "trackKey" -> trackKey = text(p, value);
                case "trackName" -> trackName = text(p, value);
                case "artistName" -> artistName = text(p, value);
                case "albumName" -> albumName = text(p, value);
                case "reasonStart" -> reasonStart = text(p, value);
                case "reasonEnd" -> reasonEnd = text(p, value);
                case "skipped" -> skipped = bool(p, value);
                case "shuffle" -> shuffle = bool(p, value);
                case "offline" -> offline = bool(p, value);
                case "platform" -> platform = text(p, value);
                case "country" -> country = text(p, value);
                case "source" -> {
                    String name = text(p, value);
                    source = name == null ? null : ImportFormat.valueOf(name);
                }
                default -> p.skipChildren();
            }
        }
        return new ListeningRecord(id, playKey, playedAt, msPlayed, contentType, trackUri, trackKey, trackName,
                artistName, albumName, reasonStart, reasonEnd, skipped, shuffle, offline, platform, country, source);
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.VALUE_STRING, "a string for " + p.currentName());
        return p.getText();
    }

    private static long number(JsonParser p, JsonToken value) throws IOException {
        expect(value, JsonToken.VALUE_NUMBER_INT, "a whole number for " + p.currentName());
        return p.getLongValue();
    }

    private static Boolean bool(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
            throw new IOException("expected true or false for " + p.currentName() + ", found " + value);
        }
        return value == JsonToken.VALUE_TRUE;
    }

    private static void expect(JsonToken found, JsonToken wanted, String what) throws IOException {
        if (found != wanted) {
            throw new IOException("expected " + what + ", found " + found);
        }
    }
}
