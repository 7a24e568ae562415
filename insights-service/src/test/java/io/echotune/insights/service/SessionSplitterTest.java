package io.echotune.insights.service;

import io.echotune.insights.ListeningSession;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionSplitterTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    /** Plays given as {start minute, length in minutes}, in start order. */
    private static List<ListeningSession> split(long[]... plays) {
        SessionSplitter splitter = new SessionSplitter();
        for (long[] play : plays) {
            long start = T0 + play[0] * MINUTE;
            splitter.add(start, start + play[1] * MINUTE, play[1] * MINUTE);
        }
        return splitter.finish();
    }

    @Test
    void aGapJustUnderThirtyMinutesKeepsTheSession() {
        List<ListeningSession> sessions = split(new long[] {0, 3}, new long[] {32, 3});
        assertEquals(1, sessions.size());
        assertEquals(2, sessions.get(0).records());
        assertEquals(35 * MINUTE, sessions.get(0).durationMs());
    }

    @Test
    void aGapOfExactlyThirtyMinutesStartsANewSession() {
        List<ListeningSession> sessions = split(new long[] {0, 3}, new long[] {33, 3});
        assertEquals(2, sessions.size());
        assertEquals(Instant.ofEpochMilli(T0), sessions.get(0).start());
        assertEquals(Instant.ofEpochMilli(T0 + 33 * MINUTE), sessions.get(1).start());
    }

    @Test
    void theGapIsMeasuredFromTheLatestEndSoFarNotTheLastPlay() {
        // A long play (0-60) overlaps a short one (5-6); a play at 70 is 10 min after the long one ended.
        List<ListeningSession> sessions = split(new long[] {0, 60}, new long[] {5, 1}, new long[] {70, 2});
        assertEquals(1, sessions.size());
        assertEquals(3, sessions.get(0).records());
        assertEquals(Instant.ofEpochMilli(T0 + 72 * MINUTE), sessions.get(0).end());
        assertEquals(63 * MINUTE, sessions.get(0).msPlayed());
    }

    @Test
    void playsOutOfStartOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> split(new long[] {33, 3}, new long[] {0, 3}));
    }

    @Test
    void noPlaysNoSessions() {
        assertTrue(split().isEmpty());
    }
}
