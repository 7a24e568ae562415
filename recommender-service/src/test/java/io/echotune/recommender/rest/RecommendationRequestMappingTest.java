package io.echotune.recommender.rest;

import io.echotune.recommender.RecommendationQuestion;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The REST request maps to the service's question field for field, unknown fields by name in the order sent. */
class RecommendationRequestMappingTest {

    @Test
    void theQuestionKnowsExactlyTheFieldsTheWireRequestHas() {
        assertEquals(RecommendationRequest.FIELDS, RecommendationQuestion.FIELDS);
        assertEquals(RecommendationRequest.Target.FIELDS, RecommendationQuestion.Target.FIELDS);
        assertEquals(RecommendationRequest.Context.FIELDS, RecommendationQuestion.Context.FIELDS);
        assertEquals(RecommendationRequest.Era.FIELDS, RecommendationQuestion.Era.FIELDS);
    }

    @Test
    void everyFieldIsCarriedAsSentNullsAndUnknownNamesIncluded() {
        Map<String, Object> unknown = new LinkedHashMap<>();
        unknown.put("limit", 10);
        unknown.put("artist", "x");
        Map<String, RecommendationRequest.Target> targets = new LinkedHashMap<>();
        targets.put("energy", new RecommendationRequest.Target(0.2, 0.6, null, Map.of("aim", 1)));
        targets.put("tempo", null);
        RecommendationRequest request = new RecommendationRequest("calm", 12, List.of("jazz"), List.of("Nina Simone"),
                List.of("4uLU6hMCjMI75M1A2tKUQC"), targets, new RecommendationRequest.Context("study", null, "night", null),
                "discover", 7, new RecommendationRequest.Era(1990, null, null), List.of("t"), List.of("a"),
                List.of("metal"), unknown);

        RecommendationQuestion q = request.toQuestion();

        assertEquals(new RecommendationQuestion("calm", 12, List.of("jazz"), List.of("Nina Simone"),
                List.of("4uLU6hMCjMI75M1A2tKUQC"), q.targets(), new RecommendationQuestion.Context("study", null, "night", null),
                "discover", 7, new RecommendationQuestion.Era(1990, null, null), List.of("t"), List.of("a"),
                List.of("metal"), List.of("limit", "artist")), q);
        assertEquals(List.of("energy", "tempo"), List.copyOf(q.targets().keySet()));
        assertEquals(new RecommendationQuestion.Target(0.2, 0.6, null, List.of("aim")), q.targets().get("energy"));
        assertNull(q.targets().get("tempo"));
        assertNull(RecommendationRequest.empty().toQuestion().targets());
    }
}
