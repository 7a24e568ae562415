package io.echotune.recommender.ranking;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engagement weight of one play, with the fleet's skip definition (docs/insights.md). */
class PlayWeightsTest {

    static Play play(long msPlayed, String reasonStart, String reasonEnd, Boolean skipped) {
        return new Play("r", 0, msPlayed, "music", null, "t", "a", reasonStart, reasonEnd, skipped);
    }

    @Test
    void aSkipIsWhatTheExportSaysOrANextButtonOrAShortPlayWithoutAnEndReason() {
        assertTrue(PlayWeights.isSkip(play(200_000, null, "trackdone", true)));
        assertTrue(PlayWeights.isSkip(play(200_000, null, "fwdbtn", null)));
        assertTrue(PlayWeights.isSkip(play(12_000, null, null, null)));
        assertFalse(PlayWeights.isSkip(play(12_000, null, "endplay", false)), "an extended record with another reason");
        assertFalse(PlayWeights.isSkip(play(45_000, null, null, null)));
    }

    @Test
    void aSkipWeighsAgainstAndACompletePlayForMoreThanAPartialOne() {
        assertEquals(-0.5, PlayWeights.engagement(play(5_000, null, "fwdbtn", null), 200_000), 1e-9);
        assertEquals(1.0, PlayWeights.engagement(play(200_000, "trackdone", "trackdone", null), 200_000), 1e-9);
        assertEquals(0.3 + 0.7 * 0.5, PlayWeights.engagement(play(100_000, null, "endplay", null), 200_000), 1e-9);
        assertEquals(1.25, PlayWeights.engagement(play(200_000, "clickrow", "trackdone", null), 200_000), 1e-9,
                "a track the listener chose counts more");
        assertEquals(0.3 + 0.7 * 105_000 / 210_000.0, PlayWeights.engagement(play(105_000, null, null, null), 0), 1e-9,
                "unknown length: measured against a typical track");
    }

    @Test
    void weightHalvesEveryHalfLife() {
        assertEquals(1.0, PlayWeights.decay(0, 1000), 1e-12);
        assertEquals(0.5, PlayWeights.decay(1000, 1000), 1e-12);
        assertEquals(0.25, PlayWeights.decay(2000, 1000), 1e-12);
    }
}
