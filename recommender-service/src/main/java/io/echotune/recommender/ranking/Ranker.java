package io.echotune.recommender.ranking;

import io.echotune.recommender.Evidence;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Ranks the catalog for one user and one question (docs/recommender.md, "Candidates" and "Ranking"), in four steps,
 * each its own class:
 * <ol>
 *   <li>{@link CandidateSources}: first what the request bounds and the profile excludes ({@link RequestBounds}),
 *   then candidates from several sources, never outside those bounds;</li>
 *   <li>{@link TrackScorer}: a score that is a plain sum of named components (taste, context, semantic,
 *   collaborative, novelty, popularity), each already multiplied by its weight;</li>
 *   <li>{@link MmrSelection}: MMR re-ranking of the best {@code poolFactor * count} with a per-artist cap; the
 *   similarity penalty is the {@code diversity} component;</li>
 *   <li>{@link RankedResults} with {@link ExplanationWriter}: each pick's rounded components, score and explanation.</li>
 * </ol>
 * The state the steps share is one {@link RankingRun}. Deterministic: no randomness, fixed summation order, ties
 * broken by catalog number (= Spotify id order). Stateless and thread-safe; a call allocates a few arrays of catalog
 * size.
 */
public final class Ranker {

    public static final String TASTE = "taste";
    public static final String CONTEXT = "context";
    public static final String SEMANTIC = "semantic";
    public static final String COLLABORATIVE = "collaborative";
    public static final String NOVELTY = "novelty";
    public static final String POPULARITY = "popularity";
    public static final String DIVERSITY = "diversity";

    /** One ranked track: its score is the sum of its components (rounded to 4 decimals). */
    public record Ranked(int track, double score, Map<String, Double> components, String explanation,
                         List<Evidence> evidence) {
    }

    /**
     * A ranking and how far its bounds were relaxed ({@link RequestBounds}): {@code fitting[r]} is how many available
     * tracks fit with relaxation {@code r} (null when nothing bounds the answer).
     */
    public record Answer(List<Ranked> tracks, RequestBounds.Relaxation relaxation, int[] fitting) {

        public boolean relaxedTo(RequestBounds.Relaxation step) {
            return relaxation.compareTo(step) >= 0;
        }

        /** The tolerance the moods' and activities' ranges were checked with, while they bound the answer. */
        public double featureTolerance() {
            return relaxedTo(RequestBounds.Relaxation.WIDENED) ? RequestBounds.WIDENED_TOLERANCE : RequestBounds.TOLERANCE;
        }
    }

    private final RankingWeights weights;

    /** Catalog-sized scratch arrays, reused across calls (a ranking allocates little): one per concurrent ranking. */
    private final ConcurrentLinkedQueue<RankingWorkspace> workspaces = new ConcurrentLinkedQueue<>();
    private final int maxWorkspaces;

    /** A ranker for callers that rank on any number of threads: it keeps a few workspaces per core. */
    public Ranker(RankingWeights weights) {
        this(weights, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** A ranker that at most {@code concurrentRankings} threads call at once (it keeps that many workspaces). */
    public Ranker(RankingWeights weights, int concurrentRankings) {
        this.weights = weights;
        this.maxWorkspaces = concurrentRankings;
    }

    public List<Ranked> rank(CatalogIndex catalog, CoListening coListening, TasteProfile profile, RankingQuery query) {
        return answer(catalog, coListening, profile, query).tracks();
    }

    public Answer answer(CatalogIndex catalog, CoListening coListening, TasteProfile profile, RankingQuery query) {
        return answer(catalog, coListening, ArtistCoListening.EMPTY, profile, query);
    }

    public List<Ranked> rank(CatalogIndex catalog, CoListening coListening, ArtistCoListening artistCoListening,
                             TasteProfile profile, RankingQuery query) {
        return answer(catalog, coListening, artistCoListening, profile, query).tracks();
    }

    /** As above, with the artist-artist co-listening model as a second collaborative signal. */
    public Answer answer(CatalogIndex catalog, CoListening coListening, ArtistCoListening artistCoListening,
                         TasteProfile profile, RankingQuery query) {
        RankingWorkspace w = workspaces.poll();
        if (w == null || !w.fits(catalog)) {
            w = new RankingWorkspace(catalog);
        }
        try {
            RankingRun run = new RankingRun(catalog, coListening, artistCoListening, profile, query, weights, w);
            new CandidateSources(run).collect();
            TrackScorer scorer = new TrackScorer(run);
            scorer.scoreCandidates();
            List<MmrSelection.Pick> picks = new MmrSelection(run).select();
            return new Answer(new RankedResults(scorer, new ExplanationWriter(run, scorer)).describe(picks),
                    run.relaxation, run.fitting);
        } finally {
            if (workspaces.size() < maxWorkspaces) {
                workspaces.offer(w);
            }
        }
    }
}
