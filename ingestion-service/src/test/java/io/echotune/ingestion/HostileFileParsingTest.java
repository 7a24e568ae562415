package io.echotune.ingestion;

import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.messaging.ListeningEvents;
import io.echotune.ingestion.imports.messaging.ListeningRecordsJson;
import io.echotune.ingestion.imports.parsing.HistoryFileReader;
import io.echotune.ingestion.imports.parsing.MalformedFileException;
import io.echotune.ingestion.imports.parsing.PlayNormaliser;
import io.echotune.ingestion.imports.parsing.RecordSink;
import io.echotune.ingestion.shared.kafka.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.echotune.ingestion.ImportFixtures.extended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile files (issue 15) at the parser, without servers: dates outside years 1900-2200 and over-long fields
 * reject their record with a reason; a value beyond the hard cap fails the file early without buffering it; the
 * byte size the producer cuts batches by is never below the real size of a record's JSON.
 */
class HostileFileParsingTest {

    private static final String URI = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";
    private static final String OUT_OF_RANGE = "must be a date between the years 1900 and 2200";

    /** What one file produced: accepted records and rejection reasons by record number. */
    private record Outcome(long read, List<ListeningRecord> accepted, List<String> rejected) {
    }

    private static Outcome read(InputStream in, ImportFormat format) throws Exception {
        List<ListeningRecord> accepted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        long read = HistoryFileReader.read(in, format, ParsingTest.MAX_VALUE_CHARS,
                new PlayNormaliser("hostile-user", format, false, 86_400_000L, Long.MAX_VALUE, ParsingTest.DEFAULT_LIMITS),
                new RecordSink() {
                    @Override
                    public void accepted(ListeningRecord record) {
                        accepted.add(record);
                    }

                    @Override
                    public void rejected(long recordNumber, String reason) {
                        rejected.add(recordNumber + ": " + reason);
                    }
                });
        return new Outcome(read, accepted, rejected);
    }

    private static Outcome read(String content, ImportFormat format) throws Exception {
        return read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), format);
    }

    private static void assertRejectedAsOutOfRange(Outcome outcome, String field) {
        assertEquals(1, outcome.read());
        assertEquals(List.of(), outcome.accepted());
        assertEquals(1, outcome.rejected().size());
        assertTrue(outcome.rejected().get(0).startsWith("1: " + field + " '"), outcome.rejected().toString());
        assertTrue(outcome.rejected().get(0).endsWith(OUT_OF_RANGE), outcome.rejected().toString());
    }

    @Test
    void extendedRecordsWithEndTimesOutsideYears1900To2200AreRejectedWithoutOverflow() throws Exception {
        for (String ts : List.of("+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "-000001-01-01T00:00:00Z",
                "1899-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "+999999999-12-31T23:59:59.999999999+18:00", "1899-12-31T23:59:59", "2201-01-01 00:00:00")) {
            assertRejectedAsOutOfRange(read("[" + extended(ts, 1000, URI, "A", "B") + "]", ImportFormat.EXTENDED), "ts");
        }
    }

    @Test
    void theFirstAndLastAcceptedInstantsAreKept() throws Exception {
        Outcome outcome = read("[" + extended("1900-01-01T00:00:00Z", 1000, URI, "A", "B") + ","
                + extended("2200-12-31T23:59:59Z", 1000, URI, "A", "B") + "]", ImportFormat.EXTENDED);
        // (whether 2200 is "in the future" is a separate rule with its own reason; this normaliser allows any)
        assertEquals(List.of(), outcome.rejected());
        assertEquals(2, outcome.accepted().size());
    }

    @Test
    void hugeEpochNumbersAndGarbageAreRejectedAsNotATime() throws Exception {
        for (String ts : List.of("99999999999999999999999", "-9223372036854775808", "1e400")) {
            Outcome outcome = read("[{\"ts\": " + ts + ", \"ms_played\": 1000, \"spotify_track_uri\": \"" + URI + "\"}]",
                    ImportFormat.EXTENDED);
            assertEquals(List.of(), outcome.accepted());
            assertTrue(outcome.rejected().get(0).contains("is not a valid time"), outcome.rejected().toString());
        }
    }

    @Test
    void basicRecordsOutsideTheYearsAreRejected() throws Exception {
        for (String endTime : List.of("1899-12-31 23:59", "2201-01-01 00:00", "0001-01-01 00:00")) {
            assertRejectedAsOutOfRange(read("[" + ImportFixtures.basic(endTime, "A", "B", 1000) + "]", ImportFormat.BASIC),
                    "endTime");
        }
    }

    @Test
    void csvRecordsOutsideTheYearsAreRejected() throws Exception {
        for (String ts : List.of("+999999999-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "1899-06-01 12:00:00",
                "2201-01-01T00:00:00Z")) {
            String csv = "ts,ms_played,spotify_track_uri\n" + ts + ",1000," + URI + "\n";
            assertRejectedAsOutOfRange(read(csv, ImportFormat.CSV), "ts");
        }
    }

    @Test
    void everyTextFieldOverItsLimitRejectsTheRecordNamingFieldAndLimit() throws Exception {
        record Case(String field, int limit) {
        }
        List<Case> cases = List.of(new Case("master_metadata_track_name", 1000),
                new Case("master_metadata_album_artist_name", 1000), new Case("master_metadata_album_album_name", 1000),
                new Case("episode_name", 1000), new Case("episode_show_name", 1000), new Case("audiobook_title", 1000),
                new Case("audiobook_chapter_title", 1000), new Case("spotify_track_uri", 200),
                new Case("spotify_episode_uri", 200), new Case("audiobook_uri", 200),
                new Case("audiobook_chapter_uri", 200), new Case("platform", 500), new Case("reason_start", 100),
                new Case("reason_end", 100), new Case("conn_country", 100));
        for (Case c : cases) {
            // a URI of each kind, so the record is valid whether the field under test makes it music, a podcast
            // or an audiobook (a field given twice: the later value counts)
            String atLimit = "{\"ts\":\"2024-03-01T10:15:42Z\",\"ms_played\":1000,\"spotify_track_uri\":\"" + URI
                    + "\",\"spotify_episode_uri\":\"spotify:episode:1\",\"audiobook_chapter_uri\":\"spotify:chapter:1\""
                    + ",\"master_metadata_track_name\":\"B\",\"master_metadata_album_artist_name\":\"A\",\""
                    + c.field() + "\":\"" + "x".repeat(c.limit()) + "\"}";
            String overLimit = atLimit.replace("x".repeat(c.limit()), "x".repeat(c.limit() + 1));
            Outcome outcome = read("[" + atLimit + "," + overLimit + "]", ImportFormat.EXTENDED);
            assertEquals(2, outcome.read());
            assertEquals(1, outcome.accepted().size(), c + ": " + outcome.rejected());
            assertEquals(List.of("2: " + c.field() + " is longer than " + c.limit() + " characters (" + (c.limit() + 1)
                    + ")"), outcome.rejected());
        }
        Outcome basic = read("[" + ImportFixtures.basic("2024-03-01 10:15", "A", "t".repeat(1001), 1000) + "]",
                ImportFormat.BASIC);
        assertEquals(List.of("1: trackName is longer than 1000 characters (1001)"), basic.rejected());
    }

    /** A stream of {@code count} copies of one byte, generated as it is read: never held in memory. */
    private static InputStream repeated(byte b, long count) {
        return new InputStream() {
            private long left = count;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(buffer, off, off + n, b);
                left -= n;
                return n;
            }
        };
    }

    private static InputStream concat(String before, InputStream middle, String after) {
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(before.getBytes(StandardCharsets.UTF_8)), middle,
                new ByteArrayInputStream(after.getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void aFiftyMegabyteTrackNameFailsTheFileEarlyWithAClearReason() {
        long fiftyMegabytes = 50L * 1024 * 1024;
        String before = "[" + extended("2024-03-01T10:15:42Z", 1000, URI, "A", "B") + ",{\"ts\":\"2024-03-01T10:20:42Z\","
                + "\"ms_played\":1000,\"master_metadata_track_name\":\"";
        String after = "\",\"spotify_track_uri\":\"" + URI + "\"}]";
        Runtime runtime = Runtime.getRuntime();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();

        MalformedFileException e = assertThrows(MalformedFileException.class,
                () -> read(concat(before, repeated((byte) 'x', fiftyMegabytes), after), ImportFormat.EXTENDED));

        assertEquals("holds a value longer than 100000 characters, the most a file may hold, in record 2 field"
                + " 'master_metadata_track_name'", e.getMessage());
        long grown = runtime.totalMemory() - runtime.freeMemory() - usedBefore;
        assertTrue(grown < 40L * 1024 * 1024, "reading stopped at the cap, not after buffering the value: grew " + grown);
    }

    @Test
    void aHugeCsvCellFailsTheFileToo() {
        String before = "ts,ms_played,spotify_track_uri,master_metadata_track_name\n2024-03-01T10:15:42Z,1000," + URI + ",";
        MalformedFileException e = assertThrows(MalformedFileException.class,
                () -> read(concat(before, repeated((byte) 'y', 5L * 1024 * 1024), "\n"), ImportFormat.CSV));
        assertTrue(e.getMessage().contains("longer than 100000 characters"), e.getMessage());
    }

    @Test
    void aHugeValueOfAFieldThatIsNeverStoredIsSkippedUnread() throws Exception {
        String before = "[{\"ts\":\"2024-03-01T10:15:42Z\",\"ms_played\":1000,\"spotify_track_uri\":\"" + URI
                + "\",\"user_agent_decrypted\":\"";
        Outcome outcome = read(concat(before, repeated((byte) 'z', 20L * 1024 * 1024), "\"}]"), ImportFormat.EXTENDED);
        assertEquals(1, outcome.accepted().size());
    }

    @Test
    void theByteSizeBatchesAreCutByIsExactForEveryKindOfCharacter() {
        String tricky = "é€😀\"\\\n\t\u0001\u001f/<>&" + "\uD800" + "x";
        ListeningRecord r = new ListeningRecord("a".repeat(44), "k".repeat(44), 1_709_288_142_000L, 123_456,
                "music", URI, URI, tricky, "Beyoncé" + tricky, null, "clickrow", "trackdone", null, true, false,
                "android", "SE", ImportFormat.EXTENDED);
        ListeningRecord plain = new ListeningRecord("b".repeat(44), null, 0, 0, "music", null, "name:a|b", "b", "a",
                "c", null, null, false, null, null, null, null, null);
        for (ListeningRecord record : List.of(r, plain)) {
            var one = new EventEnvelope<>(UUID.randomUUID(), ListeningEvents.RECORDS, Instant.now(), "u",
                    EventEnvelope.SCHEMA_VERSION, new ListeningEvents.RecordsPayload(UUID.randomUUID(), 0, 0, List.of(record)));
            var none = new EventEnvelope<>(one.eventId(), one.type(), one.occurredAt(), "u", one.schemaVersion(),
                    new ListeningEvents.RecordsPayload(one.payload().importId(), 0, 0, List.of()));
            int actual = ListeningRecordsJson.write(com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                    .getFactory(), one).length - ListeningRecordsJson.write(new com.fasterxml.jackson.core.JsonFactory(), none).length;
            int estimated = ListeningRecordsJson.encodedSize(record);
            assertTrue(estimated >= actual, "estimated " + estimated + " < actual " + actual);
            assertTrue(estimated <= actual + 6, "estimated " + estimated + " is close to actual " + actual);
        }
    }
}
