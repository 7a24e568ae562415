package io.echotune.insights.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.insights.HeatmapCell;
import io.echotune.insights.YearInReview;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InsightsServiceRulesTest {

    @Test
    void busiestSlotsAreByTimePlayedAndTiesGoToTheEarlierOne() {
        List<HeatmapCell> cells = List.of(
                new HeatmapCell(3, 20, 1, 1, 100_000), new HeatmapCell(5, 8, 1, 1, 100_000),
                new HeatmapCell(5, 20, 1, 0, 10_000));
        assertEquals(new YearInReview.BusiestHour(20, 1, 110_000), InsightsService.busiestHour(cells));
        assertEquals(new YearInReview.BusiestWeekday(5, 1, 110_000), InsightsService.busiestWeekday(cells));
        assertNull(InsightsService.busiestHour(List.of()));
    }

    @Test
    void limitIsOneToOneHundredWithADefault() {
        assertEquals(10, InsightsService.limit(null, 10));
        assertEquals(100, InsightsService.limit("100", 10));
        assertThrows(ApiException.class, () -> InsightsService.limit("0", 10));
        assertThrows(ApiException.class, () -> InsightsService.limit("ten", 10));
    }

    @Test
    void skipRateIsRoundedToFourPlaces() {
        assertEquals(0.4286, InsightsService.skipRate(3, 7));
        assertEquals(0.0, InsightsService.skipRate(0, 0));
    }
}
