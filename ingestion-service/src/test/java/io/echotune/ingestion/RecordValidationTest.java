package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.basic;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Record-level problems do not fail the upload: each bad record is counted as rejected, with its file, record
 * number and reason among the first 100 errors, and the good records around it are stored.
 */
@QuarkusTest
class RecordValidationTest {

    @org.junit.jupiter.api.AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    private static final String FILE = "Streaming_History_Audio_2024.json";
    private static final String URI = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";

    private static Map<String, Object> importOne(String badRecord) {
        String user = newUser();
        byte[] content = list(extended("2024-03-01T10:15:42Z", 200_000, URI, "Beyoncé", "Halo"), badRecord,
                extended("2024-03-01T10:20:42Z", 200_000, URI, "Beyoncé", "Halo"));
        return awaitCompleted(user, uploadBytes(user, FILE, content));
    }

    private static void assertRejectedSecondRecord(Map<String, Object> job, String reasonPart) {
        assertEquals(3, number(job, "recordsRead"));
        assertEquals(2, number(job, "recordsStored"));
        assertEquals(0, number(job, "duplicates"));
        assertEquals(1, number(job, "rejected"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) job.get("errors");
        assertEquals(1, errors.size());
        assertEquals(FILE, errors.get(0).get("file"));
        assertEquals(2, ((Number) errors.get(0).get("record")).intValue());
        assertTrue(((String) errors.get(0).get("reason")).contains(reasonPart), errors.get(0).get("reason").toString());
    }

    @Test
    void negativeMsPlayedIsRejected() {
        assertRejectedSecondRecord(importOne(extended("2024-03-01T10:17:42Z", -5, URI, "A", "B")), "negative");
    }

    @Test
    void absurdMsPlayedIsRejected() {
        assertRejectedSecondRecord(importOne(extended("2024-03-01T10:17:42Z", 25L * 3_600_000, URI, "A", "B")), "24 h");
    }

    @Test
    void futureEndTimeIsRejected() {
        String future = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertRejectedSecondRecord(importOne(extended(future, 1000, URI, "A", "B")), "future");
    }

    @Test
    void missingEndTimeIsRejected() {
        assertRejectedSecondRecord(importOne("{\"ms_played\": 1000, \"spotify_track_uri\": \"" + URI + "\"}"), "missing end time");
    }

    @Test
    void unparseableEndTimeIsRejected() {
        assertRejectedSecondRecord(importOne(extended("yesterday at noon", 1000, URI, "A", "B")), "not a valid time");
    }

    @Test
    void missingMsPlayedIsRejected() {
        assertRejectedSecondRecord(importOne("{\"ts\": \"2024-03-01T10:17:42Z\", \"spotify_track_uri\": \"" + URI + "\"}"),
                "missing ms_played");
    }

    @Test
    void nonNumericMsPlayedIsRejected() {
        assertRejectedSecondRecord(importOne("{\"ts\": \"2024-03-01T10:17:42Z\", \"ms_played\": \"lots\", \"spotify_track_uri\": \""
                + URI + "\"}"), "not a whole number");
    }

    @Test
    void musicWithoutUriAndWithoutArtistAndTitleIsRejected() {
        assertRejectedSecondRecord(importOne(extended("2024-03-01T10:17:42Z", 1000, null, null, null)), "neither a URI");
    }

    @Test
    void basicRecordsAreValidatedToo() {
        String user = newUser();
        byte[] content = list(basic("2024-03-01 10:15", "A", "B", 1000), basic("2024-03-01 10:16", "A", "B", -1),
                basic("2024-13-01 10:17", "A", "B", 1000), "{\"endTime\": \"2024-03-01 10:18\", \"msPlayed\": 1000}");
        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "StreamingHistory0.json", content));
        assertEquals(4, number(job, "recordsRead"));
        assertEquals(1, number(job, "recordsStored"));
        assertEquals(3, number(job, "rejected"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) job.get("errors");
        assertEquals(List.of(2, 3, 4), errors.stream().map(e -> ((Number) e.get("record")).intValue()).toList());
        assertTrue(errors.get(0).get("reason").toString().contains("msPlayed is negative"));
        assertTrue(errors.get(1).get("reason").toString().contains("endTime '2024-13-01 10:17' is not a valid time"));
    }

    @Test
    void onlyTheFirstHundredErrorsAreKeptButAllAreCounted() {
        String user = newUser();
        String[] records = new String[150];
        for (int i = 0; i < records.length; i++) {
            records[i] = extended("2024-03-01T10:15:42Z", -1 - i, URI, "A", "B");
        }
        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, FILE, list(records)));
        assertEquals(150, number(job, "rejected"));
        assertEquals(0, number(job, "recordsStored"));
        assertEquals(100, ((List<?>) job.get("errors")).size());
    }
}
