package io.echotune.recommender.ranking;

import java.util.Set;

/**
 * How much one play says about taste (docs/recommender.md, "Engagement weight"). The skip and stream definitions
 * are the fleet's (docs/insights.md): a skip is {@code skipped == true}, or {@code reasonEnd == "fwdbtn"}, or, for
 * records without an end reason (basic exports), a play shorter than 30 s.
 */
public final class PlayWeights {

    public static final long STREAM_MS = 30_000;
    /** Completion of a play whose track length is unknown is measured against a typical track (3.5 min). */
    static final double TYPICAL_TRACK_MS = 210_000;
    static final double SKIP_WEIGHT = -0.5;
    static final double BASE = 0.3;
    static final double COMPLETION = 0.7;
    /** The listener chose this track (clicked it, went back to it): stronger than autoplay. */
    static final double CHOSEN_BONUS = 1.25;
    private static final Set<String> CHOSEN_STARTS = Set.of("clickrow", "backbtn", "playbtn");

    private PlayWeights() {
    }

    public static boolean isSkip(Play p) {
        if (Boolean.TRUE.equals(p.skipped()) || "fwdbtn".equals(p.reasonEnd())) {
            return true;
        }
        return p.reasonEnd() == null && p.msPlayed() < STREAM_MS;
    }

    /** A stream in Spotify's sense: at least 30 s played. */
    public static boolean isStream(Play p) {
        return p.msPlayed() >= STREAM_MS;
    }

    /** The completion ratio: ms played over the track's length (or a typical length), 1 when it played to the end. */
    public static double completion(Play p, int durationMs) {
        if ("trackdone".equals(p.reasonEnd())) {
            return 1.0;
        }
        double length = durationMs > 0 ? durationMs : TYPICAL_TRACK_MS;
        return Math.max(0, Math.min(1, p.msPlayed() / length));
    }

    /** The undecayed engagement of a play: negative for a skip, 0.3..1.25 otherwise. */
    public static double engagement(Play p, int durationMs) {
        if (isSkip(p)) {
            return SKIP_WEIGHT;
        }
        double e = BASE + COMPLETION * completion(p, durationMs);
        return p.reasonStart() != null && CHOSEN_STARTS.contains(p.reasonStart()) ? e * CHOSEN_BONUS : e;
    }

    /** 2^(-age / halfLife): a play one half-life before the user's latest play counts half. */
    public static double decay(long ageMs, long halfLifeMs) {
        return Math.pow(2, -Math.max(0, ageMs) / (double) halfLifeMs);
    }
}
