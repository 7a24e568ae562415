package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Intent;
import io.echotune.llmrouter.Interpretation;
import io.echotune.llmrouter.Turn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The follow-ups of a chat conversation (issue #16) as the offline interpreter reads them, after a first request, with
 * the gazetteer a deployment builds from the shared catalog: what the chat turns into the next request.
 */
class ConversationReadingsTest {

    private static final List<Turn> AFTER_A_LIST = List.of(
            new Turn("user", "Find me some upbeat indie folk for a rainy afternoon"),
            new Turn("assistant", "Here are 20 tracks."));

    private static LocalInterpreter interpreter;

    @BeforeAll
    static void loadInterpreter() {
        Gazetteer catalog = SharedCatalog.gazetteer();
        interpreter = new LocalInterpreter(Lexicon.loadDefault(), () -> catalog, IntentPrototypes.loadDefault(),
                InterpretAccuracyTest.EVALUATION_CLOCK);
    }

    private static Interpretation read(String text) {
        return interpreter.interpret(text, AFTER_A_LIST);
    }

    private static void assertEra(Interpretation reading, String from, String to) {
        assertEquals(LocalDate.parse(from), reading.entities().era().from(), reading.toString());
        assertEquals(LocalDate.parse(to), reading.entities().era().to(), reading.toString());
    }

    @Test
    void tenMoreLikeTheThirdOneIsACountASeedAndNothingShownAgain() {
        for (String text : List.of("10 more like the third one", "ten more like the third one",
                "give me 10 more like the third one")) {
            Interpretation reading = read(text);
            assertEquals(Intent.REFINE, reading.intent(), text);
            assertEquals(10, reading.count(), text);
            assertEquals(3, reading.refinement().seedPosition(), text);
            assertEquals(Boolean.TRUE, reading.refinement().excludeShown(), text);
        }
        Interpretation more = read("more like the last one");
        assertEquals(-1, more.refinement().seedPosition());
        assertNull(more.count(), "no number: the count stays as it was");
        assertEquals(Boolean.TRUE, more.refinement().excludeShown());
    }

    @Test
    void changingTheSoundKeepsWhatStillFits() {
        Interpretation calmer = read("make it calmer");
        assertEquals(Intent.REFINE, calmer.intent());
        assertEquals(-0.2, calmer.refinement().adjust().get("energy"));
        assertNull(calmer.refinement().excludeShown());
        Interpretation energy = read("more energy please");
        assertNull(energy.refinement().excludeShown());
    }

    @Test
    void decadesAreReadAsWholeYearEras() {
        Interpretation nineties = read("only songs from the 90s");
        assertEquals(Intent.REFINE, nineties.intent());
        assertEra(nineties, "1990-01-01", "1999-12-31");
        assertEra(read("only tracks from the nineties"), "1990-01-01", "1999-12-31");
        assertEra(read("from the 80s"), "1980-01-01", "1989-12-31");
        assertEra(read("only 2010s"), "2010-01-01", "2019-12-31");
    }

    @Test
    void noMoreAnArtistIsAnExclusion() {
        Interpretation noDrake = read("no more Drake");
        assertEquals(Intent.REFINE, noDrake.intent());
        assertEquals(List.of("Drake"), noDrake.refinement().excludeArtists());
        assertTrue(noDrake.entities().artists().isEmpty(), "an excluded artist is not asked for");
        assertNull(noDrake.refinement().excludeShown());
    }
}
