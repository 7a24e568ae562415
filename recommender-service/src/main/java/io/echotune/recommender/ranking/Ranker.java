package io.echotune.recommender.ranking;

import io.echotune.recommender.Evidence;
import io.echotune.recommender.Novelty;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Ranks the catalog for one user and one question (docs/recommender.md, "Candidates" and "Ranking"):
 * <ol>
 *   <li>candidates from several sources: feature-space neighbours of the wanted sound, co-listening neighbours of the
 *   user's loved tracks and the seeds, tracks of artists that share genres with the user's (or the asked-for) artists,
 *   tracks of the asked-for, prompt-matched and favourite genres, the user's own tracks (forgotten favourites when
 *   novelty is familiar), and the most popular tracks so that a new user still gets an answer;</li>
 *   <li>a score that is a plain sum of named components (taste, context, semantic, collaborative, novelty,
 *   popularity), each already multiplied by its weight;</li>
 *   <li>MMR re-ranking of the best {@code poolFactor * count} with a per-artist cap; the similarity penalty is the
 *   {@code diversity} component.</li>
 * </ol>
 * Deterministic: no randomness, fixed summation order, ties broken by catalog number (= Spotify id order).
 * Stateless and thread-safe; a call allocates a few arrays of catalog size.
 */
public final class Ranker {

    public static final String TASTE = "taste";
    public static final String CONTEXT = "context";
    public static final String SEMANTIC = "semantic";
    public static final String COLLABORATIVE = "collaborative";
    public static final String NOVELTY = "novelty";
    public static final String POPULARITY = "popularity";
    public static final String DIVERSITY = "diversity";

    private static final int D = FeatureSpace.DIMENSIONS;
    private static final int POPULAR_CANDIDATES = 1000;
    private static final int COLLABORATIVE_ANCHORS = 60;
    private static final int ARTIST_ANCHORS = 20;
    private static final int SIMILAR_ARTISTS_PER_ANCHOR = 25;
    private static final double MIN_ARTIST_SIMILARITY = 0.35;
    private static final int BROAD_GENRE_ARTISTS = 4000;
    private static final int USER_GENRES = 6;
    private static final int MIN_CONTEXT_PLAYS = 30;
    private static final double COLLABORATIVE_SCALE = 0.5;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** One ranked track: its score is the sum of its components (rounded to 4 decimals). */
    public record Ranked(int track, double score, Map<String, Double> components, String explanation,
                         List<Evidence> evidence) {
    }

    private final RankingWeights weights;

    /** Catalog-sized scratch arrays, reused across calls (a ranking allocates little): one per concurrent ranking. */
    private final ConcurrentLinkedQueue<Workspace> workspaces = new ConcurrentLinkedQueue<>();
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
        Workspace w = workspaces.poll();
        if (w == null || !w.fits(catalog)) {
            w = new Workspace(catalog);
        }
        try {
            return new Run(catalog, coListening, profile, query, w).rank();
        } finally {
            if (workspaces.size() < maxWorkspaces) {
                workspaces.offer(w);
            }
        }
    }

    /** The arrays of one ranking call that have the catalog's size; cleared at the start of each call. */
    static final class Workspace {
        final int tracks;
        final int artists;
        final BitSet excluded;
        final BitSet candidates;
        final float[] collaborative;
        final float[] bestContribution;
        final int[] collaborativeAnchor;
        final boolean[] seedArtistTracks;
        final float[] base;
        final float[] ownTrack;
        final float[] neighbourArtistScore;
        final int[] neighbourArtistAnchor;
        final float[] ownArtist;
        final boolean[] knownArtistFlag;
        final float[] dot;
        final int[] touched;
        final float[] distance;
        final int[] histogram;
        final int[] artistUse;

        Workspace(CatalogIndex c) {
            tracks = c.size();
            artists = c.artistCount();
            excluded = new BitSet(tracks);
            candidates = new BitSet(tracks);
            collaborative = new float[tracks];
            bestContribution = new float[tracks];
            collaborativeAnchor = new int[tracks];
            seedArtistTracks = new boolean[tracks];
            base = new float[tracks];
            ownTrack = new float[tracks];
            neighbourArtistScore = new float[artists];
            neighbourArtistAnchor = new int[artists];
            ownArtist = new float[artists];
            knownArtistFlag = new boolean[artists];
            dot = new float[artists];
            touched = new int[artists];
            distance = new float[tracks];
            artistUse = new int[artists];
            histogram = new int[TopK.BUCKETS];
        }

        boolean fits(CatalogIndex c) {
            return tracks == c.size() && artists == c.artistCount();
        }

        void reset() {
            excluded.clear();
            candidates.clear();
            java.util.Arrays.fill(collaborative, 0f);
            java.util.Arrays.fill(bestContribution, 0f);
            java.util.Arrays.fill(collaborativeAnchor, 0);
            java.util.Arrays.fill(seedArtistTracks, false);
            java.util.Arrays.fill(ownTrack, Float.NaN);
            java.util.Arrays.fill(neighbourArtistScore, 0f);
            java.util.Arrays.fill(neighbourArtistAnchor, 0);
            java.util.Arrays.fill(ownArtist, 0f);
            java.util.Arrays.fill(knownArtistFlag, false);
            // base and distance are written before they are read; dot cleans up after itself
        }
    }

    private static final int PARTS = 6;

    /** A user's (or an asked-for) artist whose genre neighbours are candidates. */
    record Anchor(String name, float weight, int catalogArtist, int[] genres, boolean seed, int streams) {
    }

    /**
     * The genre neighbours of a profile's top artists: they depend on the profile alone, so they are computed once per
     * profile (and catalog) and kept with it. {@code anchor} indexes {@code anchors}.
     */
    record ProfileNeighbours(List<Anchor> anchors, int[] artists, float[] score, int[] anchor) {
    }

    /** The top artists of a profile and, for each catalog artist resembling one of them, the best score and anchor. */
    static ProfileNeighbours profileNeighbours(CatalogIndex c, TasteProfile p, Workspace w) {
        List<Anchor> anchors = new ArrayList<>();
        for (TasteProfile.ArtistTaste a : p.topArtists()) {
            if (anchors.size() >= ARTIST_ANCHORS) {
                break;
            }
            anchors.add(new Anchor(a.name(), a.affinity(), a.catalogArtist(), a.genres(), false, a.streams()));
        }
        java.util.Map<Integer, float[]> best = new java.util.TreeMap<>();
        for (int ai = 0; ai < anchors.size(); ai++) {
            Anchor anchor = anchors.get(ai);
            for (float[] similar : similarArtists(c, anchor, w)) {
                int b = (int) similar[0];
                float score = anchor.weight() * similar[1];
                float[] current = best.get(b);
                if (current == null || score > current[0]) {
                    best.put(b, new float[] {score, ai});
                }
            }
        }
        int[] artists = new int[best.size()];
        float[] score = new float[best.size()];
        int[] anchor = new int[best.size()];
        int i = 0;
        for (java.util.Map.Entry<Integer, float[]> e : best.entrySet()) {
            artists[i] = e.getKey();
            score[i] = e.getValue()[0];
            anchor[i] = (int) e.getValue()[1];
            i++;
        }
        return new ProfileNeighbours(List.copyOf(anchors), artists, score, anchor);
    }

    /** The best similar catalog artists of one anchor: {artist, similarity}, best first, ties by number. */
    static List<float[]> similarArtists(CatalogIndex c, Anchor anchor, Workspace w) {
        float[] dot = w.dot;
        int[] touched = w.touched;
        double norm = 0;
        int touchedCount = 0;
        for (int g : anchor.genres()) {
            double idf = c.genreIdf(g);
            norm += idf * idf;
            CatalogIndex.Csr ga = c.genreArtists();
            if (ga.size(g) > BROAD_GENRE_ARTISTS) {
                continue;   // a tag half the catalog carries says nothing about resemblance
            }
            for (int i = ga.start(g); i < ga.end(g); i++) {
                int b = ga.value(i);
                if (dot[b] == 0) {
                    touched[touchedCount++] = b;
                }
                dot[b] += (float) (idf * idf);
            }
        }
        norm = Math.sqrt(norm);
        List<float[]> similar = new ArrayList<>();
        for (int x = 0; x < touchedCount; x++) {
            int b = touched[x];
            double sim = norm > 0 && c.artistGenreNorm(b) > 0 ? dot[b] / (norm * c.artistGenreNorm(b)) : 0;
            dot[b] = 0;
            if (b != anchor.catalogArtist() && sim >= MIN_ARTIST_SIMILARITY) {
                similar.add(new float[] {b, (float) sim});
            }
        }
        similar.sort((u, v) -> u[1] != v[1] ? Float.compare(v[1], u[1]) : Float.compare(u[0], v[0]));
        return similar.subList(0, Math.min(SIMILAR_ARTISTS_PER_ANCHOR, similar.size()));
    }

    /** The state of one ranking call. */
    private final class Run {
        final CatalogIndex c;
        final CoListening col;
        final TasteProfile p;
        final RankingQuery q;
        final int n;
        final boolean hasTaste;

        final Workspace w;
        final BitSet excluded;
        final BitSet candidates;
        final float[] collaborative;
        final int[] collaborativeAnchor;
        float maxCollaborative;
        final float[] neighbourArtistScore;
        final int[] neighbourArtistAnchor;   // index into artistAnchors
        final List<Anchor> artistAnchors = new ArrayList<>();
        final float[] seedGenres;
        final float[] seedCentre;
        final float[] seedSpread;
        final float[] contextAim;
        final boolean[] seedArtistTracks;
        final float[] tasteCentre;
        final BitSet lovedByAsker;       // the asker's loved list, as the co-listening model counted it

        final float[] base;
        final float[] scratchParts = new float[PARTS];

        // dense views of the profile and the question, so scoring a candidate is array reads only
        final float[] ownTrack;          // track affinity, NaN for tracks never played
        final float[] ownArtist;         // artist affinity (0 when unknown)
        final boolean[] knownArtistFlag; // the user has streamed the artist
        final float[] genreTaste;        // genre affinity x idf
        final float[] genreAsked;        // max(requested, prompt) per genre
        final float[] seedGenreIdf;      // seed genre share x idf
        final boolean asksForSomething;  // seeds, genres or a prompt: the semantic component counts
        final int[] seedArtistIds;       // catalog ids of the seed artists (-1 when not in the catalog)
        final int seedArtistCap;         // per-artist cap for a seed artist: its share of the list
        final int[] softDims;            // the soft targets' dimensions, ascending, with their ranges
        final double[] softMin;
        final double[] softMax;

        Run(CatalogIndex c, CoListening col, TasteProfile p, RankingQuery q, Workspace w) {
            this.c = c;
            this.col = col;
            this.p = p;
            this.q = q;
            this.w = w;
            w.reset();
            this.n = c.size();
            this.hasTaste = !p.isEmpty();
            this.excluded = w.excluded;
            this.candidates = w.candidates;
            this.collaborative = w.collaborative;
            this.collaborativeAnchor = w.collaborativeAnchor;
            this.neighbourArtistScore = w.neighbourArtistScore;
            this.neighbourArtistAnchor = w.neighbourArtistAnchor;
            this.seedGenres = q.seedTracks().length > 0 ? new float[c.genreCount()] : null;
            this.seedCentre = q.seedTracks().length > 0 ? new float[D] : null;
            this.seedSpread = q.seedTracks().length > 0 ? new float[D] : null;
            this.seedArtistTracks = w.seedArtistTracks;
            this.asksForSomething = q.asksForSomething();
            this.seedArtistIds = q.seedArtists().stream().mapToInt(RankingQuery.SeedArtist::catalogArtist).toArray();
            this.seedArtistCap = seedArtistIds.length == 0 ? 0
                    : (q.count() + 2 * seedArtistIds.length - 1) / (2 * seedArtistIds.length);
            this.contextAim = contextAim();
            int soft = q.softTargets().size();
            this.softDims = new int[soft];
            this.softMin = new double[soft];
            this.softMax = new double[soft];
            int s = 0;
            for (int d = 0; d < D; d++) {   // in dimension order: the fit's sum is the same in every process
                ContextTable.Range range = q.softTargets().get(d);
                if (range != null) {
                    softDims[s] = d;
                    softMin[s] = range.min();
                    softMax[s] = range.max();
                    s++;
                }
            }
            this.tasteCentre = tasteCentre();
            this.lovedByAsker = new BitSet();
            for (int t : p.loved()) {
                lovedByAsker.set(t);
            }
            this.base = w.base;
            this.ownTrack = w.ownTrack;
            int[] known = p.knownTracks();
            for (int i = 0; i < known.length; i++) {
                ownTrack[known[i]] = p.trackAffinityAt(i);
            }
            for (int t : p.liked()) {
                ownTrack[t] = 1f;
            }
            this.ownArtist = w.ownArtist;
            this.knownArtistFlag = w.knownArtistFlag;
            int[] artists = p.artistIds();
            for (int i = 0; i < artists.length; i++) {
                ownArtist[artists[i]] = p.artistAffinityAt(i);
                knownArtistFlag[artists[i]] = p.artistStreamsAt(i) > 0;
            }
            this.genreTaste = new float[c.genreCount()];
            this.genreAsked = q.requestedGenres() != null || q.promptGenres() != null ? new float[c.genreCount()] : null;
            for (int g = 0; g < c.genreCount(); g++) {
                genreTaste[g] = p.genreAffinity(g) * c.genreIdf(g);
                if (genreAsked != null) {
                    genreAsked[g] = Math.max(q.requestedGenres() != null ? q.requestedGenres()[g] : 0,
                            q.promptGenres() != null ? q.promptGenres()[g] : 0);
                }
            }
            this.seedGenreIdf = seedGenres != null ? new float[c.genreCount()] : null;
        }

        List<Ranked> rank() {
            exclude();
            seedFacts();
            featureNeighbours();
            collaborativeNeighbours();
            artistNeighbours();
            genreCandidates();
            ownTracks();
            popular();
            candidates.andNot(excluded);
            for (int t = candidates.nextSetBit(0); t >= 0; t = candidates.nextSetBit(t + 1)) {
                score(t);
            }
            return select();
        }

        // ---------------------------------------------------------------- exclusions

        void exclude() {
            int ranges = q.hardRanges().size();
            int[] dims = new int[ranges];
            double[] lo = new double[ranges];
            double[] hi = new double[ranges];
            int r = 0;
            for (Map.Entry<Integer, ContextTable.Range> e : q.hardRanges().entrySet()) {
                dims[r] = e.getKey();
                lo[r] = e.getValue().min();
                hi[r] = e.getValue().max();
                r++;
            }
            RankingQuery.YearRange years = q.releaseYears();
            if (!q.allowExplicit() || ranges > 0 || years != null) {
                for (int t = 0; t < n; t++) {
                    if (!q.allowExplicit() && Boolean.TRUE.equals(c.explicit(t))) {
                        excluded.set(t);
                        continue;
                    }
                    // an era asked for is a bound: a track whose year the catalog does not know cannot be shown to fit
                    if (years != null && !years.contains(c.releaseYear(t))) {
                        excluded.set(t);
                        continue;
                    }
                    for (int x = 0; x < ranges; x++) {
                        double v = c.rawFeature(t, dims[x]);
                        if (Double.isNaN(v) || v < lo[x] || v > hi[x]) {
                            excluded.set(t);
                            break;
                        }
                    }
                }
            }
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

        // ---------------------------------------------------------------- query-level facts

        void seedFacts() {
            if (seedGenres != null) {
                double[] w = new double[D];
                double[] s = new double[D];
                double[] sq = new double[D];
                float max = 0;
                for (int t : q.seedTracks()) {
                    CatalogIndex.Csr tg = c.trackGenres();
                    for (int i = tg.start(t); i < tg.end(t); i++) {
                        seedGenres[tg.value(i)] += 1;
                        max = Math.max(max, seedGenres[tg.value(i)]);
                    }
                    for (int d = 0; d < D; d++) {
                        float x = c.feature(t, d);
                        if (!Float.isNaN(x)) {
                            w[d] += 1;
                            s[d] += x;
                            sq[d] += x * x;
                        }
                    }
                }
                for (int g = 0; g < seedGenres.length && max > 0; g++) {
                    seedGenres[g] /= max;
                    seedGenreIdf[g] = seedGenres[g] * c.genreIdf(g);
                }
                for (int d = 0; d < D; d++) {
                    seedCentre[d] = w[d] > 0 ? (float) (s[d] / w[d]) : Float.NaN;
                    double var = w[d] > 0 ? sq[d] / w[d] - seedCentre[d] * seedCentre[d] : 0;
                    seedSpread[d] = (float) Math.max(TasteProfile.SPREAD_FLOOR, Math.sqrt(Math.max(0, var)));
                }
            }
            for (RankingQuery.SeedArtist seed : q.seedArtists()) {
                if (seed.catalogArtist() >= 0) {
                    CatalogIndex.Csr at = c.artistTracks();
                    for (int i = at.start(seed.catalogArtist()); i < at.end(seed.catalogArtist()); i++) {
                        seedArtistTracks[at.value(i)] = true;
                        candidates.set(at.value(i));
                    }
                }
            }
        }

        /** The aim of each soft target (scaled), moved halfway to the user's own centre for that time of day. */
        float[] contextAim() {
            if (q.softTargets().isEmpty()) {
                return null;
            }
            float[] aim = new float[D];
            java.util.Arrays.fill(aim, Float.NaN);
            float[] own = p.contextCentre(q.timeOfDayBucket(), MIN_CONTEXT_PLAYS);
            for (Map.Entry<Integer, ContextTable.Range> e : q.softTargets().entrySet()) {
                int d = e.getKey();
                float a = FeatureSpace.scale(d, e.getValue().target());
                if (own != null && !Float.isNaN(own[d])) {
                    float lo = FeatureSpace.scale(d, e.getValue().min());
                    float hi = FeatureSpace.scale(d, e.getValue().max());
                    a = Math.max(lo, Math.min(hi, (a + own[d]) / 2));
                }
                aim[d] = a;
            }
            return aim;
        }

        /** Where "what they love" sits: the profile centre. */
        float[] tasteCentre() {
            if (!p.hasCentre()) {
                return null;
            }
            float[] centre = new float[D];
            for (int d = 0; d < D; d++) {
                centre[d] = p.centre(d);
            }
            return centre;
        }

        // ---------------------------------------------------------------- candidate sources

        /** The tracks nearest to the wanted sound: context aims first, then the seeds' centre, then the taste centre. */
        void featureNeighbours() {
            float[] target = new float[D];
            float[] weight = new float[D];
            boolean any = false;
            for (int d = 0; d < D; d++) {
                target[d] = Float.NaN;
                if (contextAim != null && !Float.isNaN(contextAim[d])) {
                    target[d] = contextAim[d];
                    weight[d] = 1;
                } else if (seedCentre != null && !Float.isNaN(seedCentre[d])) {
                    target[d] = seedCentre[d];
                    weight[d] = 1 / (seedSpread[d] * seedSpread[d]);
                } else if (tasteCentre != null && !Float.isNaN(tasteCentre[d])) {
                    target[d] = tasteCentre[d];
                    weight[d] = 1 / (p.spread(d) * p.spread(d));
                }
                any |= !Float.isNaN(target[d]);
            }
            if (!any) {
                return;
            }
            // dimension by dimension over the catalog (a loop the JIT vectorises); tracks with an unknown feature redone
            float[] dist = w.distance;
            java.util.Arrays.fill(dist, 0f);
            for (int d = 0; d < D; d++) {
                if (weight[d] > 0) {
                    float[] column = c.featureColumn(d);
                    float aim = target[d];
                    float wd = weight[d];
                    for (int t = 0; t < n; t++) {
                        float diff = column[t] - aim;
                        dist[t] += wd * diff * diff;
                    }
                }
            }
            for (int t : c.tracksMissingFeatures()) {
                dist[t] = featureDistance(t, target, weight);
            }
            for (int t : TopK.smallest(dist, n, excluded, weights.featureCandidates(), w.histogram)) {
                candidates.set(t);
            }
        }

        /** The weighted squared distance of a track to a target (an unknown feature counts as 0.5 off). */
        float featureDistance(int t, float[] target, float[] weight) {
            float dist = 0;
            for (int d = 0; d < D; d++) {
                if (weight[d] > 0) {
                    float x = c.feature(t, d);
                    float diff = Float.isNaN(x) ? 0.5f : x - target[d];
                    dist += weight[d] * diff * diff;
                }
            }
            return dist;
        }

        /** Co-listening neighbours of the seeds (weight 1.5) and of the user's loved tracks (their affinity). */
        void collaborativeNeighbours() {
            List<int[]> anchors = new ArrayList<>();
            List<Float> anchorWeights = new ArrayList<>();
            for (int t : q.seedTracks()) {
                anchors.add(new int[] {t});
                anchorWeights.add(1.5f);
            }
            int[] loved = p.loved();
            for (int i = 0; i < loved.length && i < COLLABORATIVE_ANCHORS; i++) {
                anchors.add(new int[] {loved[i]});
                anchorWeights.add(p.isLiked(loved[i]) ? 1f : Math.max(0.1f, p.trackAffinity(loved[i])));
            }
            float[] best = w.bestContribution;
            for (int a = 0; a < anchors.size(); a++) {
                int i = anchors.get(a)[0];
                float w = anchorWeights.get(a);
                for (int x = col.neighboursStart(i); x < col.neighboursEnd(i); x++) {
                    int j = col.neighbour(x);
                    float contribution = w * col.similarity(x, askerLovesBoth(i, j));
                    if (contribution <= 0) {
                        continue;   // only listeners made them neighbours, and too few besides the asker
                    }
                    collaborative[j] += contribution;
                    if (contribution > best[j] || (contribution == best[j] && i < collaborativeAnchor[j])) {
                        best[j] = contribution;
                        collaborativeAnchor[j] = i;
                    }
                    candidates.set(j);
                }
            }
            for (int a = 0; a < anchors.size() && maxCollaborative == 0; a++) {
                maxCollaborative = 1;   // any anchor: the component is on
            }
        }

        /** Catalog artists whose genre tags (idf-weighted cosine) resemble the asked-for or the user's top artists. */
        void artistNeighbours() {
            for (RankingQuery.SeedArtist s : q.seedArtists()) {
                artistAnchors.add(new Anchor(s.name(), 1f, s.catalogArtist(), s.genres(), true, 0));
            }
            int offset = artistAnchors.size();
            ProfileNeighbours cached = p.neighbours(c, () -> profileNeighbours(c, p, w));
            artistAnchors.addAll(cached.anchors());
            for (int i = 0; i < cached.artists().length; i++) {
                int b = cached.artists()[i];
                neighbourArtistScore[b] = cached.score()[i];
                neighbourArtistAnchor[b] = cached.anchor()[i] + offset;
                addArtistTracks(b);
            }
            for (Anchor a : cached.anchors()) {
                if (a.catalogArtist() >= 0) {
                    addArtistTracks(a.catalogArtist());
                }
            }
            for (int ai = 0; ai < offset; ai++) {
                Anchor anchor = artistAnchors.get(ai);
                for (float[] similar : similarArtists(c, anchor, w)) {
                    int b = (int) similar[0];
                    float score = anchor.weight() * similar[1];
                    if (score > neighbourArtistScore[b]) {
                        neighbourArtistScore[b] = score;
                        neighbourArtistAnchor[b] = ai;
                    }
                    addArtistTracks(b);
                }
                if (anchor.catalogArtist() >= 0) {
                    addArtistTracks(anchor.catalogArtist());
                }
            }
        }

        void addArtistTracks(int artist) {
            CatalogIndex.Csr at = c.artistTracks();
            for (int i = at.start(artist); i < at.end(artist); i++) {
                candidates.set(at.value(i));
            }
        }

        /** Tracks of the asked-for genres, of prompt-matched genres and of the user's strongest (idf-weighted) genres. */
        void genreCandidates() {
            CatalogIndex.Csr gt = c.genreTracks();
            for (int g = 0; g < c.genreCount(); g++) {
                boolean asked = q.requestedGenres() != null && q.requestedGenres()[g] >= 0.5f;
                boolean prompted = q.promptGenres() != null && q.promptGenres()[g] >= 0.5f;
                boolean seeded = seedGenres != null && seedGenres[g] >= 0.5f;
                if (asked || prompted || seeded) {
                    for (int i = gt.start(g); i < gt.end(g); i++) {
                        candidates.set(gt.value(i));
                    }
                }
            }
            if (hasTaste) {
                for (int g : strongestGenres(USER_GENRES)) {
                    if (p.genreAffinity(g) <= 0) {
                        break;
                    }
                    for (int x = gt.start(g); x < gt.end(g); x++) {
                        candidates.set(gt.value(x));
                    }
                }
            }
        }

        /** The {@code k} genres of the highest idf-weighted affinity, best first (ties: lower genre number). */
        int[] strongestGenres(int k) {
            int[] best = new int[Math.min(k, genreTaste.length)];
            int size = 0;
            for (int g = 0; g < genreTaste.length; g++) {
                if (size == best.length && Float.compare(genreTaste[g], genreTaste[best[size - 1]]) <= 0) {
                    continue;   // not above the weakest kept (an equal value loses: its number is higher)
                }
                int i = size < best.length ? size++ : size - 1;
                while (i > 0 && Float.compare(genreTaste[g], genreTaste[best[i - 1]]) > 0) {
                    best[i] = best[i - 1];
                    i--;
                }
                best[i] = g;
            }
            return size == best.length ? best : java.util.Arrays.copyOf(best, size);
        }

        /** The user's own tracks (all of them when familiar: forgotten favourites live here). */
        void ownTracks() {
            if (q.novelty() == Novelty.DISCOVER) {
                return;
            }
            for (int t : p.knownTracks()) {
                if (q.novelty() == Novelty.FAMILIAR || p.trackAffinity(t) > 0.3f) {
                    candidates.set(t);
                }
            }
            for (int t : p.liked()) {
                candidates.set(t);
            }
        }

        /** The most popular tracks: a floor, so that someone with no history and no request still gets an answer. */
        void popular() {
            int taken = 0;
            for (int rank = 0; rank < n && taken < POPULAR_CANDIDATES; rank++) {
                int t = c.byPopularity(rank);
                if (!excluded.get(t)) {
                    candidates.set(t);
                    taken++;
                }
            }
        }

        // ---------------------------------------------------------------- scoring

        void score(int t) {
            base[t] = parts(t, scratchParts);
        }

        /**
         * The six weighted components of a track's score into {@code out} (taste, context, semantic, collaborative,
         * novelty, popularity), and their sum: the base score. A pure function of the run's state, so the picks'
         * components are computed again for their description instead of being kept for every candidate.
         */
        float parts(int t, float[] out) {
            float taste = hasTaste ? (float) (weights.taste() * tasteScore(t)) : 0f;
            float context = contextAim != null ? (float) (weights.context() * contextFit(t)) : 0f;
            float semantic = asksForSomething ? (float) (weights.semantic() * semanticScore(t)) : 0f;
            // saturating: one loved anchor sharing a playlist gives about 0.4, several close neighbours approach 1
            float collab = maxCollaborative > 0 ? (float) (weights.collaborative() * (1 - Math.exp(-collaborative[t] / COLLABORATIVE_SCALE))) : 0f;
            float novelty = (float) (weights.novelty() * noveltyScore(t));
            int pop = c.popularity(t);
            float popularity = (float) (weights.popularity() * (pop < 0 ? 0.3 : pop / 100.0));
            out[0] = taste;
            out[1] = context;
            out[2] = semantic;
            out[3] = collab;
            out[4] = novelty;
            out[5] = popularity;
            return taste + context + semantic + collab + novelty + popularity;
        }

        double tasteFeatureFit(int t) {
            if (tasteCentre == null) {
                return 0;
            }
            double z2 = 0;
            int dims = 0;
            for (int d = 0; d < D; d++) {
                float x = c.feature(t, d);
                if (!Float.isNaN(x) && !Float.isNaN(tasteCentre[d])) {
                    double z = (x - tasteCentre[d]) / p.spread(d);
                    z2 += z * z;
                    dims++;
                }
            }
            return dims == 0 ? 0 : Math.exp(-0.5 * z2 / dims);
        }

        double artistPart(int t) {
            CatalogIndex.Csr ta = c.trackArtists();
            double own = 0;
            double neighbour = 0;
            boolean any = false;
            for (int i = ta.start(t); i < ta.end(t); i++) {
                int a = ta.value(i);
                float aff = ownArtist[a];
                own = any ? Math.max(own, aff) : aff;
                any = true;
                neighbour = Math.max(neighbour, 0.6 * Math.min(1, neighbourArtistScore[a]));
            }
            return Math.max(own, neighbour);
        }

        double genrePart(int t) {
            float den = c.trackGenreIdfSum(t);
            if (den <= 0) {
                return 0;
            }
            CatalogIndex.Csr tg = c.trackGenres();
            double num = 0;
            for (int i = tg.start(t); i < tg.end(t); i++) {
                num += genreTaste[tg.value(i)];
            }
            return num / den;
        }

        double tasteScore(int t) {
            float own = ownTrack[t];
            double track = Float.isNaN(own) ? 0 : own;
            return 0.35 * tasteFeatureFit(t) + 0.25 * artistPart(t) + 0.25 * genrePart(t) + 0.15 * track;
        }

        double contextFit(int t) {
            double sum = 0;
            int dims = 0;
            for (int i = 0; i < softDims.length; i++) {
                int d = softDims[i];
                double x = c.rawFeature(t, d);
                if (Double.isNaN(x)) {
                    continue;
                }
                double outside = x < softMin[i] ? softMin[i] - x : x > softMax[i] ? x - softMax[i] : 0;
                double inRange = Math.max(0, 1 - FeatureSpace.scaledDistance(d, outside) / 0.15);
                double aim = 1 - Math.min(1, Math.abs(c.feature(t, d) - contextAim[d]) / 0.5);
                sum += 0.6 * inRange + 0.4 * aim;
                dims++;
            }
            return dims == 0 ? 0 : sum / dims;
        }

        double semanticScore(int t) {
            double best = 0;
            CatalogIndex.Csr tg = c.trackGenres();
            if (genreAsked != null) {
                for (int i = tg.start(t); i < tg.end(t); i++) {
                    best = Math.max(best, genreAsked[tg.value(i)]);
                }
            }
            if (seedArtistTracks[t]) {
                best = Math.max(best, 1);
            } else if (!q.seedArtists().isEmpty()) {
                CatalogIndex.Csr ta = c.trackArtists();
                for (int i = ta.start(t); i < ta.end(t); i++) {
                    int a = ta.value(i);
                    if (neighbourArtistScore[a] > 0 && artistAnchors.get(neighbourArtistAnchor[a]).seed()) {
                        best = Math.max(best, 0.8 * neighbourArtistScore[a]);
                    }
                }
            }
            if (seedGenres != null) {
                double num = 0;
                for (int i = tg.start(t); i < tg.end(t); i++) {
                    num += seedGenreIdf[tg.value(i)];
                }
                float den = c.trackGenreIdfSum(t);
                double genreFit = den > 0 ? num / den : 0;
                double featureFit = seedFeatureFit(t);
                best = Math.max(best, 0.6 * genreFit + 0.4 * featureFit);
            }
            return best;
        }

        double seedFeatureFit(int t) {
            double z2 = 0;
            int dims = 0;
            for (int d = 0; d < D; d++) {
                float x = c.feature(t, d);
                if (!Float.isNaN(x) && !Float.isNaN(seedCentre[d])) {
                    double z = (x - seedCentre[d]) / seedSpread[d];
                    z2 += z * z;
                    dims++;
                }
            }
            return dims == 0 ? 0 : Math.exp(-0.5 * z2 / dims);
        }

        boolean knownArtist(int t) {
            CatalogIndex.Csr ta = c.trackArtists();
            for (int i = ta.start(t); i < ta.end(t); i++) {
                if (knownArtistFlag[ta.value(i)]) {
                    return true;
                }
            }
            return false;
        }

        boolean forgotten(int t) {
            long last = p.lastPlayed(t);
            return last != Long.MIN_VALUE && p.trackAffinity(t) > 0.2f && p.reference() - last >= weights.forgottenAfterMs();
        }

        double noveltyScore(int t) {
            boolean known = !Float.isNaN(ownTrack[t]);
            boolean artist = knownArtist(t);
            return switch (q.novelty()) {
                // familiar must be about what the listener knows: strong enough that co-listening neighbours of
                // their favourites (new to them) do not crowd out the favourites themselves (docs/evaluation.md)
                case FAMILIAR -> p.isLiked(t) ? 4.0   // a like or save is the surest "I know and love this"
                        : known ? 2.0 + 2.0 * Math.max(0, ownTrack[t]) + (forgotten(t) ? 1.0 : 0)
                        : artist ? 0.6 : -0.6;
                case BALANCED -> known ? -0.2 : artist ? 0.3 : 0.15;
                case DISCOVER -> artist ? -1.0 : 0.5;
            };
        }

        // ---------------------------------------------------------------- MMR selection

        /**
         * Greedy MMR: each pick takes the pool entry with the best {@code base - diversity * maxSim} (ties: lower track
         * number), where maxSim is its highest similarity to anything already picked. Evaluated lazily, with the same
         * answer as a full rescan: an entry's value only falls as picks accrue, so a stale value is an upper bound, and
         * a max-heap of stale values needs only the entries that reach its top refreshed against the newer picks
         * (a few per pick instead of the whole pool).
         */
        List<Ranked> select() {
            int count = q.count();
            int poolSize = Math.max(200, weights.poolFactor() * count);
            int[] pool = top(candidates, poolSize);
            Mmr mmr = new Mmr(pool, count);
            int[] artistUse = w.artistUse;   // all zero; the picks' artists are zeroed again below
            CatalogIndex.Csr ta = c.trackArtists();
            try {
                // pass 0 keeps the per-artist cap; pass 1 fills from the pool without it (the catalog could not fill it)
                for (int pass = 0; pass < 2 && mmr.picked < count; pass++) {
                    mmr.fillHeap();
                    while (mmr.picked < count) {
                        int best = mmr.next(pass == 0 ? artistUse : null);
                        if (best < 0) {
                            break;
                        }
                        for (int i = ta.start(pool[best]); i < ta.end(pool[best]); i++) {
                            artistUse[ta.value(i)]++;
                        }
                    }
                }
            } finally {
                for (int k = 0; k < mmr.picked; k++) {
                    int t = pool[mmr.order[k]];
                    for (int i = ta.start(t); i < ta.end(t); i++) {
                        artistUse[ta.value(i)] = 0;
                    }
                }
            }
            List<Ranked> out = new ArrayList<>(mmr.picked);
            for (int k = 0; k < mmr.picked; k++) {
                int i = mmr.order[k];
                out.add(describe(pool[i], (float) (-weights.diversity() * mmr.maxSim[i])));
            }
            return out;
        }

        /** The lazy state of one MMR selection over {@code pool} (indices into it throughout). */
        final class Mmr {
            final int[] pool;
            final float[] maxSim;
            final double[] value;    // base - diversity * maxSim, kept with maxSim
            final int[] folded;      // picks already folded into maxSim
            final boolean[] taken;
            final int[] order;       // pool indices in pick order
            final long[][] pickGenres;   // each pick's genres as a bit set, for the genre overlap of later entries
            int picked;
            final int[] heap;
            int heapSize;

            Mmr(int[] pool, int count) {
                this.pool = pool;
                this.maxSim = new float[pool.length];
                this.value = new double[pool.length];
                for (int i = 0; i < pool.length; i++) {
                    value[i] = base[pool[i]];   // maxSim is 0
                }
                this.folded = new int[pool.length];
                this.taken = new boolean[pool.length];
                this.order = new int[Math.min(count, pool.length)];
                this.pickGenres = new long[order.length][];
                this.heap = new int[pool.length];
            }

            /** i goes before j: higher value, then lower track number. */
            boolean before(int i, int j) {
                double vi = value[i];
                double vj = value[j];
                return vi > vj || (vi == vj && pool[i] < pool[j]);
            }

            void fillHeap() {
                heapSize = 0;
                for (int i = 0; i < pool.length; i++) {
                    if (!taken[i]) {
                        heap[heapSize++] = i;
                    }
                }
                for (int k = heapSize / 2 - 1; k >= 0; k--) {
                    siftDown(k);
                }
            }

            /** The next pick (and records it), or -1 when the heap runs dry; over-cap entries leave it for good. */
            int next(int[] artistUse) {
                while (heapSize > 0) {
                    int top = heap[0];
                    if (artistUse != null && overCap(pool[top], artistUse)) {
                        removeTop();   // use counts only grow within a pass
                        continue;
                    }
                    if (folded[top] < picked) {
                        // fold the newer picks in until it falls behind the best other entry: a partly folded value
                        // is still an upper bound, and the rest is folded if it comes back to the top
                        int rival = heapSize < 2 ? -1 : heapSize < 3 || before(heap[1], heap[2]) ? heap[1] : heap[2];
                        for (int k = folded[top]; k < picked; k++) {
                            maxSim[top] = Math.max(maxSim[top], (float) similarity(pool[order[k]], pickGenres[k], pool[top]));
                            folded[top] = k + 1;
                            value[top] = base[pool[top]] - weights.diversity() * maxSim[top];
                            if (rival >= 0 && before(rival, top)) {
                                break;
                            }
                        }
                        siftDown(0);
                        continue;
                    }
                    removeTop();
                    taken[top] = true;
                    pickGenres[picked] = genreBits(pool[top]);
                    order[picked++] = top;
                    return top;
                }
                return -1;
            }

            private void removeTop() {
                heap[0] = heap[--heapSize];
                if (heapSize > 0) {
                    siftDown(0);
                }
            }

            private void siftDown(int k) {
                int item = heap[k];
                while (true) {
                    int child = 2 * k + 1;
                    if (child >= heapSize) {
                        break;
                    }
                    if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                        child++;
                    }
                    if (!before(heap[child], item)) {
                        break;
                    }
                    heap[k] = heap[child];
                    k = child;
                }
                heap[k] = item;
            }
        }

        long[] genreBits(int t) {
            long[] bits = new long[(c.genreCount() + 63) >>> 6];
            CatalogIndex.Csr tg = c.trackGenres();
            for (int i = tg.start(t); i < tg.end(t); i++) {
                int g = tg.value(i);
                bits[g >>> 6] |= 1L << g;
            }
            return bits;
        }

        boolean overCap(int t, int[] artistUse) {
            CatalogIndex.Csr ta = c.trackArtists();
            for (int i = ta.start(t); i < ta.end(t); i++) {
                int a = ta.value(i);
                int cap = weights.perArtistCap();
                for (int seed : seedArtistIds) {
                    if (seed == a) {
                        cap = Math.max(cap, seedArtistCap);
                    }
                }
                if (artistUse[a] >= cap) {
                    return true;
                }
            }
            return false;
        }

        /**
         * 0..1: half sound (mean feature difference), 0.3 shared artist, 0.2 shared genres (Jaccard). {@code aGenres} is
         * a's genres as a bit set ({@link #genreBits}).
         */
        double similarity(int a, long[] aGenres, int b) {
            double diff = 0;
            int dims = 0;
            for (int d = 0; d < D; d++) {
                float x = c.feature(a, d);
                float y = c.feature(b, d);
                if (!Float.isNaN(x) && !Float.isNaN(y)) {
                    diff += Math.abs(x - y);
                    dims++;
                }
            }
            double sound = dims == 0 ? 0 : 1 - Math.min(1, diff / dims / 0.3);
            CatalogIndex.Csr ta = c.trackArtists();
            double artist = 0;
            for (int i = ta.start(a); i < ta.end(a) && artist == 0; i++) {
                if (ta.contains(b, ta.value(i))) {
                    artist = 1;
                }
            }
            CatalogIndex.Csr tg = c.trackGenres();
            int shared = 0;
            for (int i = tg.start(b); i < tg.end(b); i++) {
                int g = tg.value(i);
                shared += (int) (aGenres[g >>> 6] >>> g) & 1;
            }
            int union = tg.size(a) + tg.size(b) - shared;
            double genre = union == 0 ? 0 : (double) shared / union;
            return 0.5 * sound + 0.3 * artist + 0.2 * genre;
        }

        /** The best {@code size} candidates by base score, ties by number. */
        int[] top(BitSet set, int size) {
            TopK best = new TopK(size);
            for (int t = set.nextSetBit(0); t >= 0; t = set.nextSetBit(t + 1)) {
                best.offer(-base[t], t);
            }
            return best.sortedTracks();
        }

        // ---------------------------------------------------------------- explanation

        Ranked describe(int t, float diversityPenalty) {
            float[] v = new float[PARTS];
            parts(t, v);
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

            // the two strongest positive parts (popularity only when nothing else speaks), each with a fact
            Integer[] order = {0, 1, 2, 3, 4};
            // familiar and discover answers say first what makes the track familiar or new, when it is
            boolean noveltyFirst = q.novelty() != Novelty.BALANCED && v[4] > 0;
            java.util.Arrays.sort(order, (x, y) -> noveltyFirst && (x == 4 || y == 4) ? (x == 4 ? -1 : 1)
                    : v[x] != v[y] ? Float.compare(v[y], v[x]) : Integer.compare(x, y));
            List<String> sentences = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            for (int i : order) {
                if (sentences.size() == 2 || v[i] <= 0.05f) {
                    break;
                }
                Sentence s = switch (i) {
                    case 0 -> tasteSentence(t);
                    case 1 -> contextSentence(t);
                    case 2 -> semanticSentence(t);
                    case 3 -> collaborativeSentence(t);
                    default -> noveltySentence(t);
                };
                if (s != null && !sentences.contains(s.text())) {
                    sentences.add(s.text());
                    evidence.add(s.evidence());
                }
            }
            if (sentences.isEmpty()) {
                int pop = c.popularity(t);
                if (pop >= 0) {
                    sentences.add("popular on Spotify right now (popularity " + pop + " of 100)");
                    evidence.add(Evidence.popularity(pop));
                } else {
                    sentences.add("in the catalog, and nothing you have told us argues against it");
                }
            }
            String text = String.join("; ", sentences);
            text = Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
            return new Ranked(t, score, components, text, List.copyOf(evidence));
        }

        record Sentence(String text, Evidence evidence) {
        }

        Sentence tasteSentence(int t) {
            if (p.isLiked(t)) {
                return new Sentence("you " + (p.mark(t).signal() == io.echotune.recommender.FeedbackSignal.SAVE ? "saved" : "liked")
                        + " this track", Evidence.feedback(c.id(t), p.mark(t).signal().wireName()));
            }
            // own artist first: the strongest fact there is
            CatalogIndex.Csr ta = c.trackArtists();
            TasteProfile.ArtistTaste own = null;
            int neighbourOf = -1;
            float neighbourScore = 0;
            for (int i = ta.start(t); i < ta.end(t); i++) {
                int a = ta.value(i);
                TasteProfile.ArtistTaste at = p.artist(c, a);
                if (at != null && at.streams() > 0 && (own == null || at.streams() > own.streams())) {
                    own = at;
                }
                if (neighbourArtistScore[a] > neighbourScore && !artistAnchors.get(neighbourArtistAnchor[a]).seed()) {
                    neighbourScore = neighbourArtistScore[a];
                    neighbourOf = a;
                }
            }
            if (own != null && own.affinity() > 0.2f) {
                return new Sentence("you've played " + own.name() + " " + times(own.streams()),
                        Evidence.artistPlays(own.name(), own.streams()));
            }
            if (neighbourOf >= 0 && neighbourScore >= 0.3f) {
                Anchor anchor = artistAnchors.get(neighbourArtistAnchor[neighbourOf]);
                List<String> shared = sharedGenres(anchor.genres(), neighbourOf, t);
                if (!shared.isEmpty() && anchor.streams() > 0) {
                    return new Sentence(c.artistName(neighbourOf) + " shares " + quoteList(shared) + " with "
                            + anchor.name() + ", whom you've played " + times(anchor.streams()),
                            Evidence.similarArtist(anchor.name(), anchor.streams(), shared));
                }
            }
            int bestGenre = -1;
            double bestValue = 0;
            CatalogIndex.Csr tg = c.trackGenres();
            for (int i = tg.start(t); i < tg.end(t); i++) {
                int g = tg.value(i);
                double value = p.genreAffinity(g) * c.genreIdf(g);
                if (p.genreStreams(g) > 0 && (value > bestValue || (value == bestValue && bestGenre >= 0 && g < bestGenre))) {
                    bestGenre = g;
                    bestValue = value;
                }
            }
            double fit = tasteFeatureFit(t);
            if (bestGenre >= 0 && (bestValue >= 0.5 || fit < 0.6)) {
                return new Sentence(c.genreName(bestGenre) + " is a genre you play a lot ("
                        + p.genreStreams(bestGenre) + " plays)", Evidence.genrePlays(c.genreName(bestGenre), p.genreStreams(bestGenre)));
            }
            if (tasteCentre != null) {
                int d = closestDimension(t, tasteCentre);
                if (d >= 0) {
                    double value = roundTo(c.rawFeature(t, d), d);
                    return new Sentence("its " + FeatureSpace.NAMES.get(d) + " (" + format(value, d)
                            + ") sits where the tracks you love most do", Evidence.tasteFit(FeatureSpace.NAMES.get(d), value));
                }
            }
            return null;
        }

        /** The dimension where the track is nearest the centre, among those that set the track apart (not mid-scale). */
        int closestDimension(int t, float[] centre) {
            int best = -1;
            double bestZ = Double.MAX_VALUE;
            for (int d : new int[] {1, 2, 0, 4, 5, 3, 6}) {
                float x = c.feature(t, d);
                if (Float.isNaN(x) || Float.isNaN(centre[d])) {
                    continue;
                }
                double z = Math.abs(x - centre[d]) / p.spread(d);
                if (z < bestZ) {
                    bestZ = z;
                    best = d;
                }
            }
            return bestZ <= 1.0 ? best : -1;
        }

        Sentence contextSentence(int t) {
            int best = -1;
            double bestFit = -1;
            for (Map.Entry<Integer, ContextTable.Range> e : q.softTargets().entrySet()) {
                int d = e.getKey();
                double x = c.rawFeature(t, d);
                if (Double.isNaN(x) || x < e.getValue().min() || x > e.getValue().max()) {
                    continue;
                }
                double fit = 1 - Math.abs(c.feature(t, d) - contextAim[d]);
                if (fit > bestFit || (fit == bestFit && d < best)) {
                    best = d;
                    bestFit = fit;
                }
            }
            if (best < 0) {
                return null;
            }
            double value = roundTo(c.rawFeature(t, best), best);
            String label = q.contextLabel() != null ? q.contextLabel() : "what you asked for";
            return new Sentence(FeatureSpace.NAMES.get(best) + " " + format(value, best) + " fits " + label,
                    Evidence.featureFit(FeatureSpace.NAMES.get(best), value, label));
        }

        Sentence semanticSentence(int t) {
            CatalogIndex.Csr tg = c.trackGenres();
            int asked = -1;
            for (int g : q.requestedGenreList()) {
                if (tg.contains(t, g)) {
                    asked = g;
                    break;
                }
            }
            if (asked >= 0) {
                return new Sentence("tagged " + c.genreName(asked) + ", as you asked", Evidence.requestedGenre(c.genreName(asked)));
            }
            if (seedArtistTracks[t]) {
                for (RankingQuery.SeedArtist s : q.seedArtists()) {
                    if (s.catalogArtist() >= 0 && c.trackArtists().contains(t, s.catalogArtist())) {
                        return new Sentence("by " + c.artistName(s.catalogArtist()) + ", as you asked",
                                Evidence.seedArtist(c.artistName(s.catalogArtist()), List.of()));
                    }
                }
            }
            CatalogIndex.Csr ta = c.trackArtists();
            for (int i = ta.start(t); i < ta.end(t); i++) {
                int a = ta.value(i);
                if (neighbourArtistScore[a] > 0 && artistAnchors.get(neighbourArtistAnchor[a]).seed()) {
                    Anchor anchor = artistAnchors.get(neighbourArtistAnchor[a]);
                    List<String> shared = sharedGenres(anchor.genres(), a, t);
                    if (!shared.isEmpty()) {
                        return new Sentence(c.artistName(a) + " shares " + quoteList(shared) + " with " + anchor.name()
                                + ", whom you asked for", Evidence.seedArtist(anchor.name(), shared));
                    }
                }
            }
            if (q.promptGenres() != null) {
                int best = -1;
                float bestSim = 0;
                for (int i = tg.start(t); i < tg.end(t); i++) {
                    int g = tg.value(i);
                    if (q.promptGenres()[g] > bestSim) {
                        best = g;
                        bestSim = q.promptGenres()[g];
                    }
                }
                if (best >= 0 && bestSim >= 0.3f) {
                    return new Sentence("tagged " + c.genreName(best) + ", close to \"" + q.prompt() + "\"",
                            Evidence.promptGenre(c.genreName(best), q.prompt()));
                }
            }
            if (q.requestedGenres() != null) {
                int best = -1;
                float bestW = 0;
                for (int i = tg.start(t); i < tg.end(t); i++) {
                    int g = tg.value(i);
                    if (q.requestedGenres()[g] > bestW) {
                        best = g;
                        bestW = q.requestedGenres()[g];
                    }
                }
                if (best >= 0) {
                    return new Sentence("tagged " + c.genreName(best) + ", next to the genres you asked for",
                            Evidence.requestedGenre(c.genreName(best)));
                }
            }
            if (seedGenres != null) {
                Sentence s = collaborativeSentence(t);
                if (s != null) {
                    return s;
                }
                int best = -1;
                for (int i = tg.start(t); i < tg.end(t); i++) {
                    int g = tg.value(i);
                    if (seedGenres[g] > 0 && (best < 0 || seedGenres[g] > seedGenres[best])) {
                        best = g;
                    }
                }
                if (best >= 0) {
                    return new Sentence("tagged " + c.genreName(best) + ", like the tracks you started from",
                            Evidence.requestedGenre(c.genreName(best)));
                }
            }
            return null;
        }

        Sentence collaborativeSentence(int t) {
            if (collaborative[t] <= 0) {
                return null;
            }
            int anchor = collaborativeAnchor[t];
            String anchorName = c.name(anchor);
            List<String> anchorArtists = c.artistNamesOf(anchor);
            String by = anchorArtists.isEmpty() ? null : anchorArtists.get(0);
            String named = "\"" + anchorName + "\"" + (by == null ? "" : " by " + by);
            int playlists = c.sharedPlaylists(anchor, t);
            if (playlists > 0) {
                return new Sentence("it shares " + playlists + " public playlist" + (playlists == 1 ? "" : "s") + " with "
                        + named, Evidence.sharedPlaylists(c.id(anchor), anchorName, by, playlists));
            }
            int others = col.otherListeners(anchor, t, askerLovesBoth(anchor, t));
            if (others > 0) {
                return new Sentence(others + " other listeners who love " + named + " also love this",
                        Evidence.coListeners(c.id(anchor), anchorName, by, others));
            }
            return null;
        }

        /** The asker is one of the listeners the model counted for this pair: they are left out of what they see. */
        boolean askerLovesBoth(int a, int b) {
            return lovedByAsker.get(a) && lovedByAsker.get(b);
        }

        Sentence noveltySentence(int t) {
            if (q.novelty() == Novelty.FAMILIAR && p.knows(t)) {
                int streams = p.trackStreams(t);
                String month = MONTH.format(Instant.ofEpochMilli(p.lastPlayed(t)));
                if (streams > 0) {
                    String lead = forgotten(t) ? "a favourite you haven't played since " + month + ": "
                            : "last played in " + month + "; ";
                    return new Sentence(lead + "you've played it " + times(streams),
                            Evidence.trackPlays(c.id(t), c.name(t), streams, month));
                }
            }
            CatalogIndex.Csr ta = c.trackArtists();
            if (q.novelty() != Novelty.FAMILIAR && ta.size(t) > 0 && !knownArtist(t) && !p.isEmpty()) {
                String artist = c.artistName(ta.value(ta.start(t)));
                TasteProfile.ArtistTaste at = p.artist(c, ta.value(ta.start(t)));
                if (at == null || at.streams() == 0) {
                    return new Sentence("new to you: you have never played " + artist, Evidence.newArtist(artist));
                }
            }
            for (int i = ta.start(t); i < ta.end(t); i++) {
                TasteProfile.ArtistTaste at = p.artist(c, ta.value(i));
                if (at != null && at.streams() > 0 && !p.knows(t)) {
                    return new Sentence("a track you haven't heard by " + at.name() + ", whom you've played "
                            + times(at.streams()), Evidence.artistPlays(at.name(), at.streams()));
                }
            }
            return null;
        }

        /** Tags the anchor artist, the similar artist and this very track all carry (at most two, rarest first). */
        List<String> sharedGenres(int[] anchorGenres, int artist, int track) {
            List<String> shared = new ArrayList<>();
            CatalogIndex.Csr ag = c.artistGenres();
            int[] sorted = java.util.Arrays.stream(anchorGenres).boxed()
                    .sorted((x, y) -> c.genreIdf(x) != c.genreIdf(y) ? Float.compare(c.genreIdf(y), c.genreIdf(x)) : Integer.compare(x, y))
                    .mapToInt(Integer::intValue).toArray();
            for (int g : sorted) {
                if (ag.contains(artist, g) && c.trackGenres().contains(track, g) && shared.size() < 2) {
                    shared.add(c.genreName(g));
                }
            }
            return shared;
        }
    }

    static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    static String quoteList(List<String> genres) {
        return genres.size() == 1 ? "the tag " + genres.get(0) : "the tags " + String.join(" and ", genres);
    }

    /** Ratios to 2 decimals, tempo to whole BPM, loudness to 1 decimal: as explanations print them. */
    static double roundTo(double value, int dimension) {
        return switch (dimension) {
            case FeatureSpace.TEMPO -> Math.round(value);
            case FeatureSpace.LOUDNESS -> Math.round(value * 10) / 10.0;
            default -> Math.round(value * 100) / 100.0;
        };
    }

    static String format(double value, int dimension) {
        return switch (dimension) {
            case FeatureSpace.TEMPO -> String.format(Locale.ROOT, "%.0f BPM", value);
            case FeatureSpace.LOUDNESS -> String.format(Locale.ROOT, "%.1f dB", value);
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
