package io.echotune.ingestion.history.service;

import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository.Attribution;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository.TimedPlay;
import io.echotune.ingestion.imports.ImportFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which records are a stored play seen again: same track, end times within the window, closest pairs first. */
class SyncedPlayMatchingTest {

    private static final long WINDOW = 15_000;
    private static final String NEVER = "spotify:track:4uLU6hMCjMI75M1A2tKUQC";
    private static final String NEVER_REMASTER = "spotify:track:4PTG3Z6ehGkBFwjybzWkR8";

    private static long at(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    private static ListeningRecord record(String time, long ms, String uri, String artist, String title,
                                          ImportFormat source) {
        return new ListeningRecord("id-" + time + ms, null, at(time), ms, "music", uri, uri, title, artist, null,
                null, null, null, null, null, null, null, source);
    }

    private static TimedPlay synced(String id, String time, String uri, String artist, String title) {
        return new TimedPlay(id, at(time), uri, artist, title, "SPOTIFY_RECENT", new Attribution(null, null, null));
    }

    @Test
    void theClosestRecordOfTheSameTrackIsThePlayAndEachSideIsUsedOnce() {
        List<ListeningRecord> records = List.of(
                record("2024-08-03T09:00:09Z", 8_000, NEVER, "Rick Astley", "Never", ImportFormat.EXTENDED),
                record("2024-08-03T09:00:01Z", 190_000, NEVER, "Rick Astley", "Never", ImportFormat.EXTENDED),
                record("2024-08-03T09:00:02Z", 190_000, NEVER, "Someone", "Else", ImportFormat.EXTENDED));
        Map<Integer, TimedPlay> pairs = SyncedPlayMatching.pair(records,
                List.of(synced("s1", "2024-08-03T09:00:00Z", NEVER, "Rick Astley", "Never")), WINDOW);
        assertEquals(1, pairs.size(), "the 8-second skip and the other track stay new plays");
        assertEquals("s1", pairs.get(1).id());
    }

    @Test
    void endTimesFurtherApartThanTheWindowOrDifferentUrisAreDifferentPlays() {
        List<TimedPlay> stored = List.of(synced("s1", "2024-08-03T09:00:00Z", NEVER, "Rick Astley", "Never"));
        assertTrue(SyncedPlayMatching.pair(List.of(record("2024-08-03T09:00:17Z", 190_000, NEVER, "Rick Astley",
                "Never", ImportFormat.EXTENDED)), stored, WINDOW).isEmpty());
        // two URIs must agree even when the names do (a remaster is another track)
        assertTrue(SyncedPlayMatching.pair(List.of(record("2024-08-03T09:00:01Z", 190_000, NEVER_REMASTER,
                "Rick Astley", "Never", ImportFormat.EXTENDED)), stored, WINDOW).isEmpty());
    }

    @Test
    void aBasicRecordEndsAnywhereInItsMinuteAndIsMatchedByNormalisedNames() {
        List<TimedPlay> stored = List.of(synced("s1", "2024-08-05T07:31:10Z", NEVER, "Rick Astley",
                "Never Gonna Give You Up"));
        // 07:30 covers 07:30:00-07:30:59; 07:31:10 is 11 s after it
        assertEquals(1, SyncedPlayMatching.pair(List.of(record("2024-08-05T07:30:00Z", 150_000, null, "RICK ASTLEY",
                "Never Gonna Give You Up", ImportFormat.BASIC)), stored, WINDOW).size());
        assertTrue(SyncedPlayMatching.pair(List.of(record("2024-08-05T07:29:00Z", 150_000, null, "Rick Astley",
                "Never Gonna Give You Up", ImportFormat.BASIC)), stored, WINDOW).isEmpty());
    }
}
