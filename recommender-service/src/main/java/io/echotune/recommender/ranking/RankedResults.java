package io.echotune.recommender.ranking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.echotune.recommender.ranking.Ranker.COLLABORATIVE;
import static io.echotune.recommender.ranking.Ranker.CONTEXT;
import static io.echotune.recommender.ranking.Ranker.DIVERSITY;
import static io.echotune.recommender.ranking.Ranker.NOVELTY;
import static io.echotune.recommender.ranking.Ranker.POPULARITY;
import static io.echotune.recommender.ranking.Ranker.SEMANTIC;
import static io.echotune.recommender.ranking.Ranker.TASTE;

/**
 * Turns the picks into the answer: each pick's named components rounded to 4 decimals, its score as their sum, and
 * its explanation.
 */
final class RankedResults {

    private final TrackScorer scorer;
    private final ExplanationWriter explanations;

    RankedResults(TrackScorer scorer, ExplanationWriter explanations) {
        this.scorer = scorer;
        this.explanations = explanations;
    }

    List<Ranker.Ranked> describe(List<MmrSelection.Pick> picks) {
        List<Ranker.Ranked> out = new ArrayList<>(picks.size());
        for (MmrSelection.Pick pick : picks) {
            out.add(describe(pick.track(), pick.diversityPenalty()));
        }
        return out;
    }

    Ranker.Ranked describe(int t, float diversityPenalty) {
        float[] v = new float[TrackScorer.PARTS];
        scorer.parts(t, v);
        Map<String, Double> components = new LinkedHashMap<>();
        components.put(TASTE, round(v[0]));
        components.put(CONTEXT, round(v[1]));
        components.put(SEMANTIC, round(v[2]));
        components.put(COLLABORATIVE, round(v[3]));
        components.put(NOVELTY, round(v[4]));
        components.put(POPULARITY, round(v[5]));
        components.put(DIVERSITY, round(diversityPenalty));
        double score = 0;
        for (double x : components.values()) {
            score += x;
        }
        score = round(score);

        ExplanationWriter.Explanation explanation = explanations.explain(t, v);
        return new Ranker.Ranked(t, score, components, explanation.text(), explanation.evidence());
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
