package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Novelty;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counts, playlist names and refinement cues, each read on its own. */
class ParsersTest {

    private final CountParser counts = new CountParser();
    private final PlaylistNameParser names = new PlaylistNameParser();
    private final RefinementCues cues = new RefinementCues();

    @Test
    void countsAreReadInDigitsWordsAndCommonPhrasings() {
        assertEquals(Optional.of(20), counts.parse("give me 20 upbeat songs"));
        assertEquals(Optional.of(12), counts.parse("a dozen calm tracks"));
        assertEquals(Optional.of(10), counts.parse("ten songs for my run"));
        assertEquals(Optional.of(5), counts.parse("my top 5 artists"));
        assertEquals(Optional.of(40), counts.parse("make a 40 song playlist"));
        assertEquals(Optional.of(10), counts.parse("make it 10 instead"));
        assertTrue(counts.parse("songs from 2023").isEmpty());
        assertTrue(counts.parse("500 songs").isEmpty(), "beyond what the API accepts");
        assertEquals(Optional.of(10), counts.parse("10 more like the third one"));
        assertEquals(Optional.of(10), counts.parse("ten more like the third one"));
        assertEquals(Optional.of(5), counts.parse("5 more please"));
        assertTrue(counts.parse("5 more minutes of this").isEmpty(), "minutes, not tracks");
    }

    @Test
    void playlistNamesKeepTheUsersSpellingAndStopAtTheRestOfTheRequest() {
        assertEquals("Rainy Folk", names.parse("save that as Rainy Folk").orElseThrow().name());
        assertEquals("Morning Run", names.parse("create a playlist called Morning Run with 25 songs").orElseThrow().name());
        assertEquals("Gym Rage", names.parse("save this list as \"Gym Rage\"").orElseThrow().name());
        assertEquals("sunday chill", names.parse("new playlist: sunday chill, acoustic and calm").orElseThrow().name());
        assertTrue(names.parse("save it please").isEmpty());
    }

    @Test
    void comparativesBecomeSignedFeatureNudges() {
        assertEquals(-0.2, cues.nudges("calmer").get("energy"));
        assertEquals(-15.0, cues.nudges("can you make them slower").get("tempo"));
        assertEquals(15.0, cues.nudges("too slow speed it up").get("tempo"));
        assertEquals(0.2, cues.nudges("not so sad").get("valence"));
        assertEquals(0.2, cues.nudges("more danceable").get("danceability"));
    }

    @Test
    void positionsNoveltyAndExclusionsAreRecognised() {
        assertEquals(Optional.of(2), cues.position("more like the second one"));
        assertEquals(Optional.of(-1), cues.position("more like the last song"));
        assertEquals(Optional.of(3), cues.position("more of the 3rd track"));
        assertEquals(Optional.of(Novelty.DISCOVER), cues.novelty("i want to discover new artists"));
        assertEquals(Optional.of(Novelty.FAMILIAR), cues.novelty("actually more familiar stuff"));
        assertTrue(cues.excludes("no more"));
        assertTrue(cues.excludes("please get rid of the"));
        assertTrue(!cues.excludes("songs like"));
    }

    @Test
    void askingForMoreTracksIsToldApartFromAskingForMoreOfASound() {
        for (String more : new String[] {"10 more like the third one", "more like the second one", "some more",
                "give me 10 more", "a few more please", "more of these", "other ones", "different songs",
                "another 5", "something else", "more"}) {
            assertTrue(cues.asksForMore(more), more);
        }
        for (String sound : new String[] {"more energy", "more guitar", "more upbeat", "more acoustic", "calmer",
                "no more drake", "make it calmer"}) {
            assertTrue(!cues.asksForMore(sound), sound);
        }
    }
}
