package io.echotune.recommender.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import io.echotune.recommender.ranking.Play;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** listening.records as ingestion writes it (docs/events.md), read straight into plays. */
class ListeningRecordsReaderTest {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void readsTheEnvelopeAndEveryRecordAsAPlay() throws IOException {
        String message = """
                {"eventId":"0c9a3f4e-77d1-3b0e-8e0f-5d8b2a61c4e2","type":"listening.records","occurredAt":"2026-11-24T02:15:30Z",
                 "userId":"user-1","schemaVersion":1,"payload":{"importId":"9e1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f","fileNo":0,
                 "batchNo":3,"records":[
                  {"id":"r1","playKey":"k1","playedAt":1700000000000,"msPlayed":185000,"contentType":"music",
                   "trackUri":"spotify:track:4uLU6hMCjMI75M1A2tKUQC","trackKey":"spotify:track:4uLU6hMCjMI75M1A2tKUQC",
                   "trackName":"Hoppípolla","artistName":"Sigur Rós","albumName":null,"reasonStart":"clickrow",
                   "reasonEnd":"fwdbtn","skipped":true,"shuffle":false,"offline":null,"platform":"android","country":"IS",
                   "source":"EXTENDED"},
                  {"id":"r2","playedAt":"not a number","msPlayed":{"odd":1},"contentType":"podcast","trackName":7,
                   "skipped":"yes","extra":[1,{"a":2}]}]}}""";
        ListeningRecordsReader.Listening read = ListeningRecordsReader.read(FACTORY, message);
        assertEquals("0c9a3f4e-77d1-3b0e-8e0f-5d8b2a61c4e2", read.eventId());
        assertEquals("listening.records", read.type());
        assertEquals("user-1", read.userId());
        assertEquals(1, read.schemaVersion());
        assertEquals(List.of(
                new Play("r1", 1_700_000_000_000L, 185_000, "music", "spotify:track:4uLU6hMCjMI75M1A2tKUQC", "Hoppípolla",
                        "Sigur Rós", "clickrow", "fwdbtn", true, "spotify:track:4uLU6hMCjMI75M1A2tKUQC", null),
                new Play("r2", 0, 0, "podcast", null, null, null, null, null, null)), read.plays());
    }

    @Test
    void noRecordsIsNoPlaysAndNonJsonIsRefused() throws IOException {
        assertNull(ListeningRecordsReader.read(FACTORY, "{\"type\":\"listening.records\",\"payload\":{\"records\":null}}").plays());
        assertNull(ListeningRecordsReader.read(FACTORY, "{\"type\":\"listening.records\"}").plays());
        assertThrows(IOException.class, () -> ListeningRecordsReader.read(FACTORY, "[]"));
        assertThrows(IOException.class, () -> ListeningRecordsReader.read(FACTORY, "{\"type\":"));
    }
}
