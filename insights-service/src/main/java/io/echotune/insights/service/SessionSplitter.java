package io.echotune.insights.service;

import io.echotune.insights.ListeningRules;
import io.echotune.insights.ListeningSession;
import io.echotune.insights.repository.PlayTimes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits plays into sessions ({@link ListeningRules#SESSION_GAP_MS}). Done here rather than in MongoDB because
 * it needs each play's predecessor ($setWindowFields), which the stand-in lacks; one sorted pass is O(n log n).
 */
final class SessionSplitter {

    private static final Comparator<PlayTimes> BY_START =
            Comparator.comparingLong(PlayTimes::startedAt).thenComparingLong(PlayTimes::playedAt);

    private SessionSplitter() {
    }

    /** The sessions of the plays, oldest first. */
    static List<ListeningSession> split(List<PlayTimes> plays) {
        List<PlayTimes> ordered = new ArrayList<>(plays);
        ordered.sort(BY_START);
        List<ListeningSession> sessions = new ArrayList<>();
        long start = 0;
        long end = 0;
        long records = 0;
        long msPlayed = 0;
        for (PlayTimes play : ordered) {
            if (records > 0 && play.startedAt() - end >= ListeningRules.SESSION_GAP_MS) {
                sessions.add(session(start, end, records, msPlayed));
                records = 0;
            }
            if (records == 0) {
                start = play.startedAt();
                end = play.playedAt();
                msPlayed = 0;
            }
            end = Math.max(end, play.playedAt());
            records++;
            msPlayed += play.msPlayed();
        }
        if (records > 0) {
            sessions.add(session(start, end, records, msPlayed));
        }
        return sessions;
    }

    private static ListeningSession session(long start, long end, long records, long msPlayed) {
        return new ListeningSession(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), end - start, records,
                msPlayed);
    }
}
