package io.echotune.recommender.ranking;

import io.echotune.recommender.Novelty;

import java.util.BitSet;
import java.util.Map;

/**
 * Which tracks may be shown at all (docs/recommender.md, "The request is a contract"): what the request asks for
 * bounds the candidates before any is taken, so taste, co-listening and popularity only order tracks that fit. Marks
 * in the run's {@code excluded} set every track that
 * <ul>
 *   <li>the request or the profile excludes: disliked or skipped, played too recently, played at all
 *   ({@code discover}), a seed, an excluded track, artist or genre, explicit when the caller does not want that;</li>
 *   <li>falls outside the release years, or outside an explicit {@code targets} min/max (exactly);</li>
 *   <li>carries none of the genres of the query's genre bound (the asked-for genres however spelled, their subgenres
 *   and their neighbours at least {@link #CLOSE_GENRE} alike) and is not by an asked-for artist;</li>
 *   <li>lies more than a tolerance outside the feature ranges of the asked-for moods and activities.</li>
 * </ul>
 * A track whose value (feature, release year, genres) the catalog does not know cannot be shown to fit a bound on
 * it, so it is left out. When fewer than {@code count} available tracks fit, the bounds read from words relax in the
 * order of {@link Relaxation}, one step at a time until {@code count} fit or nothing is left to relax, and the run
 * records how far it went (the answer says so). Explicit targets, the era and the exclusions never relax: a request
 * that still fits too few tracks gets a shorter answer.
 */
public final class RequestBounds {

    /** A genre neighbour this similar (co-tagging cosine, CatalogIndex) to an asked-for genre fits the genre bound. */
    public static final float CLOSE_GENRE = 0.3f;
    /** How far (in scaled 0..1 units) a track may lie outside a mood's or activity's feature range and still fit. */
    public static final double TOLERANCE = 0.05;
    /**
     * The tolerance when too few tracks fit within {@link #TOLERANCE}: where the context component's in-range part
     * falls to zero, so a track let in by it still has some context fit.
     */
    public static final double WIDENED_TOLERANCE = 0.15;

    /** How far the bounds were relaxed, in the order the steps are taken; each step keeps what the ones before let in. */
    public enum Relaxation {
        /** Every bound as asked, the moods' ranges within {@link #TOLERANCE}. */
        NONE,
        /** The moods' and activities' ranges within {@link #WIDENED_TOLERANCE}. */
        WIDENED,
        /** The moods' and activities' ranges no longer bound (they still aim, in the context component). */
        MOODS_DROPPED,
        /** The asked-for genres no longer bound either (they still score, in the semantic component). */
        GENRES_DROPPED
    }

    private final RankingRun run;
    private final CatalogIndex c;
    private final RankingQuery q;
    private final TasteProfile p;
    private final BitSet excluded;

    RequestBounds(RankingRun run) {
        this.run = run;
        this.c = run.c;
        this.q = run.q;
        this.p = run.p;
        this.excluded = run.excluded;
    }

    /**
     * A mood's or activity's range in raw units, widened by {@code tolerance} scaled units on each side and kept
     * within the feature's valid values: the range a track's value must lie in.
     */
    public static ContextTable.Range widened(int dimension, ContextTable.Range range, double tolerance) {
        double raw = tolerance / FeatureSpace.scaledDistance(dimension, 1);
        return new ContextTable.Range(Math.max(FeatureSpace.rawMin(dimension), range.min() - raw),
                Math.min(FeatureSpace.rawMax(dimension), range.max() + raw), range.target());
    }

    /** Marks what may not be shown; records in the run how far the bounds were relaxed and how many fit at each step. */
    void apply() {
        excludeListed();
        excludeOutsideTheBounds();
        excludePlayedOutsideTheCatalog();
    }

    /**
     * The listener's tracks outside the catalog: the same exclusions by what is known of them (recent or any plays,
     * excluded keys, artists and the artist's genres), and every one of them under a bound on features, moods,
     * release years or genres: the catalog knows none of those for them, so they cannot be shown to fit.
     */
    private void excludePlayedOutsideTheCatalog() {
        PlayedTracks played = run.played;
        boolean bounded = q.boundsSomething() || q.novelty() == Novelty.DISCOVER;
        for (int i = 0; i < played.size(); i++) {
            if (bounded || played.turnedDown(i)
                    || (q.excludePlayedSince() != Long.MIN_VALUE && played.lastPlayed(i) >= q.excludePlayedSince())
                    || q.excludeTrackKeys().contains(played.key(i))
                    || q.excludeArtistKeys().contains(played.artistKey(i))
                    || excludedGenre(played.genres(i))) {
                excluded.set(run.n + i);
            }
        }
    }

    private boolean excludedGenre(int[] genres) {
        for (int g : genres) {
            for (int x : q.excludeGenres()) {
                if (g == x) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What the request and the profile name: feedback, recent or any plays, seeds, excluded tracks/artists/genres. */
    private void excludeListed() {
        for (int t : p.excluded()) {
            excluded.set(t);
        }
        int[] known = p.knownTracks();
        for (int i = 0; i < known.length; i++) {
            if (q.novelty() == Novelty.DISCOVER
                    || (q.excludePlayedSince() != Long.MIN_VALUE && p.lastPlayedAt(i) >= q.excludePlayedSince())) {
                excluded.set(known[i]);
            }
        }
        if (q.novelty() == Novelty.DISCOVER) {
            for (int t : p.liked()) {
                excluded.set(t);
            }
        }
        for (int t : q.seedTracks()) {
            excluded.set(t);   // a seed is what the user already has in mind
        }
        for (int t : q.excludeTracks()) {
            excluded.set(t);
        }
        for (int a : q.excludeArtists()) {
            CatalogIndex.Csr at = c.artistTracks();
            for (int i = at.start(a); i < at.end(a); i++) {
                excluded.set(at.value(i));
            }
        }
        for (int g : q.excludeGenres()) {
            CatalogIndex.Csr gt = c.genreTracks();
            for (int i = gt.start(g); i < gt.end(g); i++) {
                excluded.set(gt.value(i));
            }
        }
    }

    /**
     * One pass over the catalog: explicit content, release years and explicit ranges exclude at once; the genres and
     * the moods' ranges give each remaining track the first relaxation at which it fits, counted, so the least
     * relaxation that leaves {@code count} tracks is chosen and everything beyond it excluded.
     */
    private void excludeOutsideTheBounds() {
        Ranges hard = ranges(q.hardRanges(), 0);
        Ranges mood = ranges(q.contextBounds(), TOLERANCE);
        Ranges moodWidened = ranges(q.contextBounds(), WIDENED_TOLERANCE);
        RankingQuery.YearRange years = q.releaseYears();
        BitSet genres = askedGenreTracks();
        run.relaxation = Relaxation.NONE;
        if (q.allowExplicit() && hard.size() == 0 && years == null && genres == null && mood.size() == 0) {
            return;
        }
        BitSet[] fitsFrom = run.w.fitsFrom;   // by relaxation: tracks that fit only from that relaxation on
        int[] fitting = new int[Relaxation.values().length];
        for (int t = 0; t < run.n; t++) {
            if (excluded.get(t)) {
                continue;
            }
            if ((!q.allowExplicit() && Boolean.TRUE.equals(c.explicit(t)))
                    // an era asked for is a bound: a track whose year the catalog does not know cannot be shown to fit
                    || (years != null && !years.contains(c.releaseYear(t)))
                    || !hard.contain(c, t)) {
                excluded.set(t);
                continue;
            }
            Relaxation from = genres != null && !genres.get(t) && !run.seedArtistTracks[t] ? Relaxation.GENRES_DROPPED
                    : mood.contain(c, t) ? Relaxation.NONE
                    : moodWidened.contain(c, t) ? Relaxation.WIDENED
                    : Relaxation.MOODS_DROPPED;
            fitting[from.ordinal()]++;
            if (from != Relaxation.NONE) {
                fitsFrom[from.ordinal()].set(t);
            }
        }
        for (int r = 1; r < fitting.length; r++) {
            fitting[r] += fitting[r - 1];   // a relaxation keeps every track the ones before it let in
        }
        Relaxation chosen = Relaxation.NONE;
        while (fitting[chosen.ordinal()] < q.count() && chosen.ordinal() < fitting.length - 1) {
            chosen = Relaxation.values()[chosen.ordinal() + 1];
        }
        while (chosen != Relaxation.NONE && fitting[chosen.ordinal()] == fitting[chosen.ordinal() - 1]) {
            chosen = Relaxation.values()[chosen.ordinal() - 1];   // a step that lets nothing in is not taken
        }
        for (int r = chosen.ordinal() + 1; r < fitting.length; r++) {
            excluded.or(fitsFrom[r]);
        }
        run.relaxation = chosen;
        run.fitting = fitting;
    }

    /** The tracks carrying a genre of the query's genre bound, or null when it has none. */
    private BitSet askedGenreTracks() {
        if (q.genreBound().length == 0) {
            return null;
        }
        BitSet tracks = new BitSet(run.n);
        CatalogIndex.Csr gt = c.genreTracks();
        for (int g : q.genreBound()) {
            for (int i = gt.start(g); i < gt.end(g); i++) {
                tracks.set(gt.value(i));
            }
        }
        return tracks;
    }

    private static Ranges ranges(Map<Integer, ContextTable.Range> byDimension, double tolerance) {
        Ranges r = new Ranges(byDimension.size());
        int i = 0;
        for (int d = 0; d < FeatureSpace.DIMENSIONS; d++) {   // in dimension order: the same checks in every process
            ContextTable.Range range = byDimension.get(d);
            if (range != null) {
                ContextTable.Range bound = tolerance == 0 ? range : widened(d, range, tolerance);
                r.dims[i] = d;
                r.lo[i] = (float) bound.min();
                r.hi[i] = (float) bound.max();
                i++;
            }
        }
        return r;
    }

    /**
     * Feature ranges in raw units; a track fits when every value is known and inside. Compared at the precision the
     * index stores features in (32-bit floats), so a value shown as 0.4 fits a bound of 0.4.
     */
    private record Ranges(int[] dims, float[] lo, float[] hi) {
        Ranges(int size) {
            this(new int[size], new float[size], new float[size]);
        }

        int size() {
            return dims.length;
        }

        boolean contain(CatalogIndex c, int t) {
            for (int x = 0; x < dims.length; x++) {
                float v = (float) c.rawFeature(t, dims[x]);
                if (Float.isNaN(v) || v < lo[x] || v > hi[x]) {
                    return false;
                }
            }
            return true;
        }
    }
}
