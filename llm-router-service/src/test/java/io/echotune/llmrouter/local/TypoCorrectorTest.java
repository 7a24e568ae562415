package io.echotune.llmrouter.local;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TypoCorrectorTest {

    private final TypoCorrector typos = new TypoCorrector(Set.of("save", "surprise"),
            Set.of("recommend", "playlist", "something", "chill", "sunrise"));

    @Test
    void commonMisspellingsAreCorrected() {
        assertEquals("recommend", typos.correct("reccomend"));
        assertEquals("recommend", typos.correct("recomend"));
        assertEquals("playlist", typos.correct("plalyist"));
        assertEquals("playlist", typos.correct("plyalist"));
        assertEquals("something", typos.correct("somthing"));
    }

    @Test
    void knownAndShortWordsAreLeftAlone() {
        assertEquals("surprise", typos.correct("surprise"));
        assertEquals("save", typos.correct("save"));
        assertEquals("sum", typos.correct("sum"));
        assertEquals("coldplay", typos.correct("coldplay"));
    }
}
