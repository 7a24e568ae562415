package io.echotune.insights.service;

import io.echotune.insights.ListeningSnapshot;
import io.echotune.insights.repository.MusicPlay;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotBuilderTest {

    static final String URI_A = "spotify:track:4uLU6hMCjMI75M1A2tKUQC";

    static MusicPlay play(long startedAt, long msPlayed, String trackName, String artist, String reasonEnd,
                          Boolean skipped) {
        return new MusicPlay(startedAt + msPlayed, startedAt, msPlayed, URI_A, URI_A, trackName, artist, reasonEnd,
                skipped);
    }

    @Test
    void recordsComeOutInStartOrderWhateverOrderTheyStreamedIn() {
        ListeningSnapshot snapshot = new SnapshotBuilder()
                .add(play(3_000, 1_000, "T", "A", "trackdone", false))
                .add(play(1_000, 5_000, "T", "A", "trackdone", false))
                .add(play(1_000, 500, "T", "A", "trackdone", false))
                .build();
        assertEquals(3, snapshot.records());
        assertEquals(1_000, snapshot.startedAt(0));
        assertEquals(1_500, snapshot.playedAt(0), "equal starts: the earlier end first");
        assertEquals(6_000, snapshot.playedAt(1));
        assertEquals(3_000, snapshot.startedAt(2));
    }

    @Test
    void namesAreKeptOncePerDistinctVariantOfATrack() {
        ListeningSnapshot snapshot = new SnapshotBuilder()
                .add(play(1_000, 1_000, "Song", "Band", null, null))
                .add(play(2_000, 1_000, "Song", "Band", null, null))
                .add(play(3_000, 1_000, "Song (Remastered)", "Band", null, null))
                .build();
        assertEquals(2, snapshot.variants());
        assertEquals(1, snapshot.tracks(), "one trackKey, two spellings");
        assertEquals(1, snapshot.artists());
        assertEquals(snapshot.track(0), snapshot.track(2));
    }

    @Test
    void skipsFollowTheRuleOnTheStoredFacts() {
        ListeningSnapshot snapshot = new SnapshotBuilder()
                .add(play(1_000, 60_000, "T", "A", "endplay", true))        // flagged
                .add(play(100_000, 60_000, "T", "A", "fwdbtn", null))       // next pressed
                .add(play(200_000, 10_000, "T", "A", null, null))           // basic export, short
                .add(play(300_000, 10_000, "T", "A", "backbtn", false))     // short but has another reason
                .add(play(400_000, 40_000, "T", "A", null, null))           // basic export, a stream
                .build();
        assertTrue(snapshot.isSkip(0));
        assertTrue(snapshot.isSkip(1));
        assertTrue(snapshot.isSkip(2));
        assertFalse(snapshot.isSkip(3));
        assertFalse(snapshot.isSkip(4));
        assertTrue(snapshot.isStream(4));
        assertFalse(snapshot.isStream(3));
    }
}
