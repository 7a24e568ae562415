package io.echotune.recommender.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How a context is named in explanations ("energy 0.31 fits a calm afternoon"). */
class ContextLabelTest {

    @Test
    void scenesTakeTheArticleTheirFirstWordNeeds() {
        assertEquals("a calm afternoon", RankingQueryBuilder.contextLabel(List.of(), List.of("calm"), "afternoon", false));
        assertEquals("an upbeat afternoon", RankingQueryBuilder.contextLabel(List.of(), List.of("upbeat"), "afternoon", false));
        assertEquals("an evening", RankingQueryBuilder.contextLabel(List.of(), List.of(), "evening", false));
        assertEquals("a melancholic mood", RankingQueryBuilder.contextLabel(List.of(), List.of("melancholic"), null, false));
        assertEquals("an energetic mood", RankingQueryBuilder.contextLabel(List.of(), List.of("energetic"), null, false));
    }

    @Test
    void activitiesAreTheCallersAndTargetsAreNamedAsSuch() {
        assertEquals("your focus on a rainy afternoon",
                RankingQueryBuilder.contextLabel(List.of("focus"), List.of("rainy"), "afternoon", false));
        assertEquals("your workout", RankingQueryBuilder.contextLabel(List.of("workout"), List.of(), null, false));
        assertEquals("the targets you set", RankingQueryBuilder.contextLabel(List.of(), List.of(), null, true));
        assertNull(RankingQueryBuilder.contextLabel(List.of(), List.of(), null, false));
    }
}
