package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Interpretation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How catalog names are told apart from everyday words, with a small catalog of awkward names. */
class GazetteerMatchingTest {

    private static LocalInterpreter interpreter;

    @BeforeAll
    static void smallCatalog() {
        Gazetteer catalog = Gazetteer.builder()
                .addTrack("Yellow", List.of("Coldplay"), List.of("pop"))
                .addTrack("Home", List.of("Love"), List.of("rock"))
                .addTrack("Glass Harbour", List.of("Velmora Zqxyz"), List.of("zqxyz-gaze"))
                .addTrack("Alone Again", List.of("Air"), List.of("electronic"))
                .build();
        interpreter = new LocalInterpreter(Lexicon.loadDefault(), () -> catalog, IntentPrototypes.loadDefault(),
                InterpretAccuracyTest.EVALUATION_CLOCK);
    }

    private static Interpretation read(String text) {
        return interpreter.interpret(text, List.of());
    }

    @Test
    void everydayWordsAreNotNamesUnlessCapitalisedMidSentence() {
        assertTrue(read("music for a quiet night at home").entities().tracks().isEmpty());
        assertTrue(read("i love calm songs").entities().artists().isEmpty());
        assertEquals(List.of("Love"), read("play something by Love").entities().artists());
        assertEquals(List.of("Air"), read("songs like Air for the evening").entities().artists());
    }

    @Test
    void titleFollowedByItsArtistIsATrack() {
        Interpretation reading = read("songs similar to Yellow by Coldplay");
        assertEquals(List.of("Yellow"), reading.entities().tracks());
        assertEquals(List.of("Coldplay"), reading.entities().artists());
    }

    @Test
    void catalogGenreTagsAndLowerCaseArtistNamesAreFound() {
        Interpretation reading = read("play something by velmora zqxyz with some zqxyz gaze");
        assertEquals(List.of("Velmora Zqxyz"), reading.entities().artists());
        assertEquals(List.of("zqxyz-gaze"), reading.entities().genres());
        assertEquals(List.of("Glass Harbour"), read("more songs like Glass Harbour please").entities().tracks());
    }

    @Test
    void namesTheCatalogLacksAreReadFromTheirCapitalisationEvenWhenAWordIsAGenre() {
        LocalInterpreter noCatalog = new LocalInterpreter(Lexicon.loadDefault(), Gazetteer::empty,
                IntentPrototypes.loadDefault(), InterpretAccuracyTest.EVALUATION_CLOCK);
        Interpretation mix = noCatalog.interpret("a mix between Tame Impala and Daft Punk", List.of());
        assertEquals(List.of("Tame Impala", "Daft Punk"), mix.entities().artists());
        assertTrue(mix.entities().genres().isEmpty(), mix.entities().genres().toString());
        Interpretation styles = noCatalog.interpret("Some punk and Jazz for tonight", List.of());
        assertTrue(styles.entities().artists().isEmpty(), styles.entities().artists().toString());
        assertEquals(List.of("punk", "jazz"), styles.entities().genres());
    }
}
