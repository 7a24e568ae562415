package io.echotune.commons.time;

import io.echotune.commons.problem.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlausibleTimeTest {

    @Test
    void theYears1900To2200AreAcceptedAndNothingOutside() {
        assertTrue(PlausibleTime.isPlausible(Instant.parse("1900-01-01T00:00:00Z")));
        assertTrue(PlausibleTime.isPlausible(Instant.parse("2200-12-31T23:59:59.999Z")));
        assertFalse(PlausibleTime.isPlausible(Instant.parse("1899-12-31T23:59:59.999Z")));
        assertFalse(PlausibleTime.isPlausible(Instant.parse("2201-01-01T00:00:00Z")));
        assertFalse(PlausibleTime.isPlausible(Instant.MAX));
        assertFalse(PlausibleTime.isPlausible(null));
        assertFalse(PlausibleTime.isPlausibleEpochMilli(Long.MAX_VALUE));
        assertTrue(PlausibleTime.isPlausibleEpochMilli(0));
        assertFalse(PlausibleTime.isPlausibleYear(999_999_999));
    }

    @Test
    void anOutOfRangeDateIsAFieldErrorNamingTheField() {
        ApiException e = assertThrows(ApiException.class, () -> PlausibleTime.require("from", Instant.parse("+999999999-01-01T00:00:00Z")));
        assertEquals(400, e.problem().status());
        assertEquals("from", e.problem().errors().get(0).field());
    }
}
