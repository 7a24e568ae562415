package io.echotune.llmrouter.ai;

import io.echotune.llmrouter.Interpretation;
import io.echotune.llmrouter.local.Lexicon;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A remote model's reading of a follow-up in the interpret.v2 schema: count, seed and excludeShown. */
class ReadingParserTest {

    private static final String TEN_MORE = """
            {"intent": "refine",
             "entities": {"artists": [], "tracks": [], "genres": [], "moods": [], "activities": [], "era": null,
                          "timeOfDay": null},
             "count": 10, "targets": null, "novelty": null, "playlistName": null,
             "refinement": {"adjust": {}, "excludeArtists": [], "excludeGenres": [], "seedPosition": 3,
                            "excludeShown": %s}}""";

    private final ReadingParser parser = new ReadingParser(Lexicon.loadDefault());

    @Test
    void tenMoreLikeTheThirdOneKeepsTheCountTheSeedAndExcludeShown() throws InvalidOutput {
        Interpretation reading = parser.parse(TEN_MORE.formatted("true"), true);
        assertEquals(10, reading.count());
        assertEquals(3, reading.refinement().seedPosition());
        assertEquals(Boolean.TRUE, reading.refinement().excludeShown());
        assertNull(parser.parse(TEN_MORE.formatted("false"), true).refinement().excludeShown(),
                "false is left out, like the offline interpreter's reading");
    }

    @Test
    void anExcludeShownThatIsNoBooleanIsAskedToBeRepaired() {
        InvalidOutput invalid = assertThrows(InvalidOutput.class, () -> parser.parse(TEN_MORE.formatted("\"yes\""), true));
        assertTrue(invalid.problems().stream().anyMatch(p -> p.contains("excludeShown")), invalid.problems().toString());
    }
}
