package io.echotune.insights.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogGenerationTest {

    private static final CatalogGeneration READ_AT = new CatalogGeneration(4, "e1", 17);

    @Test
    void factsReadUnderAGenerationServeThatGenerationAndOlderOnes() {
        assertTrue(READ_AT.covers(READ_AT));
        assertTrue(READ_AT.covers(new CatalogGeneration(3, "e1", 17)));
        assertTrue(READ_AT.covers(new CatalogGeneration(4, "e1", 2)));
    }

    @Test
    void aLaterBulkLoadOrTrackChangeMakesThemStale() {
        assertFalse(READ_AT.covers(new CatalogGeneration(5, "e1", 17)), "a bulk load since");
        assertFalse(READ_AT.covers(new CatalogGeneration(4, "e1", 18)), "a resolved track since");
    }

    @Test
    void aCounterThatStartedOverComparesWithNothing() {
        assertFalse(READ_AT.covers(new CatalogGeneration(4, "e2", 1)));
        assertFalse(READ_AT.covers(new CatalogGeneration(4, "", 0)));
    }
}
