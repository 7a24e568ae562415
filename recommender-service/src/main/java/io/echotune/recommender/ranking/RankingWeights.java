package io.echotune.recommender.ranking;

/**
 * The weights of the named score components and the shape of the re-ranking (docs/recommender.md, "Ranking").
 * The service reads them from {@code echotune.recommender.ranking.*}; the evaluation uses {@link #DEFAULTS}, the same
 * values.
 */
public record RankingWeights(double taste, double context, double semantic, double collaborative, double novelty,
                             double popularity, double diversity, int perArtistCap, int featureCandidates,
                             int poolFactor, long forgottenAfterMs) {

    public static final RankingWeights DEFAULTS = new RankingWeights(1.0, 0.8, 1.0, 0.9, 0.3, 0.15, 0.25, 2, 1500, 6,
            90L * 24 * 3600 * 1000);
}
