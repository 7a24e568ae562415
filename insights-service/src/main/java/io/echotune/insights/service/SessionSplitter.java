package io.echotune.insights.service;

import io.echotune.insights.ListeningRules;
import io.echotune.insights.ListeningSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits plays fed in start order into sessions ({@link ListeningRules#SESSION_GAP_MS}): a play starting 30 minutes
 * or more after the latest end seen so far in the current session opens a new one. Done in Java rather than in
 * MongoDB because the snapshot already holds the user's records in start order, so it is one pass over memory,
 * where the store would need a window over each play's predecessor ($setWindowFields) on every request.
 */
final class SessionSplitter {

    private final List<ListeningSession> sessions = new ArrayList<>();
    private long start;
    private long end;
    private long records;
    private long msPlayed;
    private long previousStart = Long.MIN_VALUE;

    /** The next play; plays must come ordered by start. */
    void add(long startedAt, long playedAt, long playMs) {
        if (startedAt < previousStart) {
            throw new IllegalArgumentException("plays must be added in start order");
        }
        previousStart = startedAt;
        if (records > 0 && startedAt - end >= ListeningRules.SESSION_GAP_MS) {
            close();
        }
        if (records == 0) {
            start = startedAt;
            end = playedAt;
        }
        end = Math.max(end, playedAt);
        records++;
        msPlayed += playMs;
    }

    /** The sessions, oldest first. */
    List<ListeningSession> finish() {
        if (records > 0) {
            close();
        }
        return sessions;
    }

    private void close() {
        sessions.add(new ListeningSession(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), end - start, records,
                msPlayed));
        records = 0;
        msPlayed = 0;
    }
}
