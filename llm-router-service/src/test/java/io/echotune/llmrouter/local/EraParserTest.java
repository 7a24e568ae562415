package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Era;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EraParserTest {

    private static EraParser on(String isoDay) {
        return new EraParser(Clock.fixed(Instant.parse(isoDay + "T12:00:00Z"), ZoneOffset.UTC));
    }

    private static void assertEra(Era era, String from, String to) {
        assertEquals(LocalDate.parse(from), era.from(), era.toString());
        assertEquals(LocalDate.parse(to), era.to(), era.toString());
    }

    @Test
    void decadesAreWholeDecadesInEverySpelling() {
        EraParser parser = on("2026-11-23");
        assertEra(parser.parse("90s hip hop").orElseThrow(), "1990-01-01", "1999-12-31");
        assertEra(parser.parse("songs from the 1980s").orElseThrow(), "1980-01-01", "1989-12-31");
        assertEra(parser.parse("the 2010s").orElseThrow(), "2010-01-01", "2019-12-31");
        assertEra(parser.parse("music from the sixties").orElseThrow(), "1960-01-01", "1969-12-31");
        assertEra(parser.parse("90s hits").orElseThrow(), "1990-01-01", "1999-12-31");
    }

    @Test
    void lastSummerIsTheLatestSummerThatHasEnded() {
        assertEra(on("2026-11-23").parse("what did i play last summer").orElseThrow(), "2026-06-01", "2026-08-31");
        assertEra(on("2026-07-10").parse("last summer").orElseThrow(), "2025-06-01", "2025-08-31");
        assertEra(on("2026-11-23").parse("last winter").orElseThrow(), "2025-12-01", "2026-02-28");
    }

    @Test
    void aYearIsThatWholeYearAndThisYearRunsToToday() {
        EraParser parser = on("2026-11-23");
        assertEra(parser.parse("in 2023").orElseThrow(), "2023-01-01", "2023-12-31");
        assertEra(parser.parse("this year").orElseThrow(), "2026-01-01", "2026-11-23");
        assertEra(parser.parse("last year").orElseThrow(), "2025-01-01", "2025-12-31");
        assertEra(parser.parse("last month").orElseThrow(), "2026-10-01", "2026-10-31");
    }

    @Test
    void twoErasAreJoinedAndRangesReadAsOne() {
        EraParser parser = on("2026-11-23");
        assertEra(parser.parse("70s and 80s disco").orElseThrow(), "1970-01-01", "1989-12-31");
        assertEra(parser.parse("between 2015 and 2018").orElseThrow(), "2015-01-01", "2018-12-31");
    }

    @Test
    void countsAndOtherNumbersAreNotEras() {
        EraParser parser = on("2026-11-23");
        assertTrue(parser.parse("give me 20 songs").isEmpty());
        assertTrue(parser.parse("a 40 song playlist").isEmpty());
        assertTrue(parser.parse("2000 songs").isEmpty());
    }
}
