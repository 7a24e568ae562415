package io.echotune.ingestion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.messaging.ListeningEvents;
import io.echotune.ingestion.imports.messaging.ListeningRecordsJson;
import io.echotune.ingestion.shared.kafka.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming codec of listening.records writes and reads exactly what databind does (docs/events.md). */
class ListeningRecordsJsonTest {

    /** Configured as Quarkus configures its ObjectMapper: java.time as ISO-8601 text, nulls written. */
    private static final ObjectMapper DATABIND = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final JsonFactory FACTORY = DATABIND.getFactory();
    private static final TypeReference<EventEnvelope<ListeningEvents.RecordsPayload>> RECORDS = new TypeReference<>() {
    };

    private static EventEnvelope<ListeningEvents.RecordsPayload> envelope() {
        List<ListeningRecord> records = List.of(
                new ListeningRecord("4f1c2d3e0000018b7a3c1a2b0123456789abcdef0123", "4f1c2d3e01c3a5b70123456789abcdef01234567",
                        1_700_000_000_000L, 185_000, "music", "spotify:track:4uLU6hMCjMI75M1A2tKUQC",
                        "spotify:track:4uLU6hMCjMI75M1A2tKUQC", "Naïve \"Song\" — ünïcödé\n", "Sigur Rós", null,
                        "trackdone", "fwdbtn", true, false, null, "android", "IS", ImportFormat.EXTENDED),
                new ListeningRecord("4f1c2d3e0000018b7a3c1a2c0123456789abcdef0123", null, 1_700_000_060_000L, 0,
                        "podcast", null, "name:a|b", null, null, null, null, null, null, null, null, null, null,
                        ImportFormat.BASIC));
        return new EventEnvelope<>(UUID.fromString("0c9a3f4e-77d1-3b0e-8e0f-5d8b2a61c4e2"), ListeningEvents.RECORDS,
                Instant.parse("2026-11-24T02:15:30.123456Z"), "user-1", EventEnvelope.SCHEMA_VERSION,
                new ListeningEvents.RecordsPayload(UUID.fromString("9e1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"), 2, 41, records));
    }

    @Test
    void writesTheJsonDatabindWrites() throws IOException {
        var envelope = envelope();
        assertEquals(DATABIND.readTree(DATABIND.writeValueAsBytes(envelope)),
                DATABIND.readTree(ListeningRecordsJson.write(FACTORY, envelope)));
        assertEquals(envelope, DATABIND.readValue(ListeningRecordsJson.write(FACTORY, envelope), RECORDS));
    }

    @Test
    void readsWhatDatabindWrites() throws IOException {
        var envelope = envelope();
        ListeningRecordsJson.Parsed parsed = ListeningRecordsJson.read(FACTORY, DATABIND.writeValueAsBytes(envelope));
        assertEquals(ListeningEvents.RECORDS, parsed.type());
        assertEquals("user-1", parsed.userId());
        assertEquals(envelope.payload(), parsed.payload());
    }

    @Test
    void fieldsInAnyOrderAndUnknownFieldsAreFine() throws IOException {
        String json = """
                {"payload": {"extra": {"nested": [1, 2]}, "records": [{"msPlayed": 5, "unknown": null, "id": "x",
                  "source": "CSV"}], "batchNo": 3, "fileNo": 1, "importId": "9e1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"},
                 "schemaVersion": 1, "userId": "u", "type": "listening.records", "more": {"a": "b"}}""";
        ListeningRecordsJson.Parsed parsed = ListeningRecordsJson.read(FACTORY, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, parsed.payload().batchNo());
        assertEquals(new ListeningRecord("x", null, 0, 5, null, null, null, null, null, null, null, null, null, null,
                null, null, null, ImportFormat.CSV), parsed.payload().records().get(0));
    }

    @Test
    void otherTypesCarryNoPayloadAndBrokenRecordsAreRefused() throws IOException {
        String sealed = "{\"type\":\"import.sealed\",\"userId\":\"u\",\"payload\":{\"importId\":\"9e1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f\",\"recordsSent\":7}}";
        ListeningRecordsJson.Parsed parsed = ListeningRecordsJson.read(FACTORY, sealed.getBytes(StandardCharsets.UTF_8));
        assertEquals("import.sealed", parsed.type());
        assertNull(parsed.payload());
        for (String broken : List.of("not json", "[1]", "{\"type\":\"listening.records\",\"payload\":{\"records\":{}}}",
                "{\"type\":\"listening.records\",\"payload\":{\"records\":[{\"playedAt\":\"yesterday\"}]}}",
                "{\"type\":\"listening.records\",\"payload\":{\"records\":[{\"skipped\":\"no\"}]}}")) {
            assertThrows(IOException.class, () -> ListeningRecordsJson.read(FACTORY, broken.getBytes(StandardCharsets.UTF_8)), broken);
        }
        assertThrows(IllegalArgumentException.class, () -> ListeningRecordsJson.read(FACTORY,
                "{\"type\":\"listening.records\",\"payload\":{\"records\":[{\"source\":\"MP3\"}]}}".getBytes(StandardCharsets.UTF_8)));
    }
}
