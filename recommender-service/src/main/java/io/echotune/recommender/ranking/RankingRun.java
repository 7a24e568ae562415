package io.echotune.recommender.ranking;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The state of one ranking call, shared by its steps (candidate sources, scoring, MMR selection, explanations): the
 * question's facts (seed centre, context aims, taste centre) and dense, catalog-sized views of the profile and the
 * question, so scoring a candidate is array reads only. Package-private: only the steps of {@link Ranker} use it.
 */
final class RankingRun {

    private static final int D = FeatureSpace.DIMENSIONS;
    private static final int MIN_CONTEXT_PLAYS = 30;

    final CatalogIndex c;
    final RankingWeights weights;
    final CoListening col;
    final ArtistCoListening artistCol;
    final TasteProfile p;
    final RankingQuery q;
    final int n;
    final boolean hasTaste;

    final RankingWorkspace w;
    final BitSet excluded;
    final BitSet candidates;
    final float[] collaborative;
    final int[] collaborativeAnchor;
    float maxCollaborative;
    RequestBounds.Relaxation relaxation = RequestBounds.Relaxation.NONE;   // set by RequestBounds
    int[] fitting;                   // per relaxation, the tracks that fit with it; null when nothing bounds them
    final float[] neighbourArtistScore;
    final int[] neighbourArtistAnchor;   // index into artistAnchors
    final float[] artistCollaborative;   // artist co-listening score per catalog artist (ArtistCoListening)
    final int[] artistCollaborativeAnchor;   // index into artistCollaborativeAnchors, -1 when none
    final List<ArtistAnchor> artistCollaborativeAnchors = new ArrayList<>();
    final BitSet askerArtists;       // the asker's basket as the artist model counted it: artists of their loved tracks
    final List<ArtistNeighbours.Anchor> artistAnchors = new ArrayList<>();
    final float[] seedGenres;
    final float[] seedCentre;
    final float[] seedSpread;
    final float[] contextAim;
    final boolean[] seedArtistTracks;
    final float[] tasteCentre;
    final BitSet lovedByAsker;       // the asker's loved list, as the co-listening model counted it

    final float[] base;

    // the listener's tracks outside the catalog, ranked as track numbers n .. n + played.size() - 1
    final PlayedTracks played;
    final float[] playedBase;
    final int[] playedArtist;        // the catalog artist, or artistCount + j for the j-th artist outside it
    final int artistSlots;           // catalog artists plus the played tracks' artists outside the catalog

    // "now": the current rotation is the streams of the last ROTATION_DAYS before it
    final int today;
    final float rotationScale;       // the most streams any of the listener's tracks had in the rotation

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

    /** An artist the artist co-listening model starts from: a seed artist or one of the listener's top artists. */
    record ArtistAnchor(String name, int id, float weight) {
    }

    RankingRun(CatalogIndex c, CoListening col, ArtistCoListening artistCol, TasteProfile p, RankingQuery q,
               RankingWeights weights, RankingWorkspace w) {
        this.weights = weights;
        this.c = c;
        this.col = col;
        this.artistCol = artistCol;
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
        this.artistCollaborative = w.artistCollaborative;
        this.artistCollaborativeAnchor = w.artistCollaborativeAnchor;
        this.askerArtists = new BitSet();
        if (artistCol != ArtistCoListening.EMPTY) {
            for (int a : ArtistCoListening.artistsOf(c, p.loved())) {
                askerArtists.set(a);
            }
        }
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
        this.played = p.played();
        this.playedBase = new float[played.size()];
        this.playedArtist = new int[played.size()];
        for (int i = 0; i < playedArtist.length; i++) {
            playedArtist[i] = played.artistSlot(i, c.artistCount());
        }
        this.artistSlots = c.artistCount() + played.outsideArtists();
        this.today = TasteAccumulator.day(q.now() != Long.MIN_VALUE ? q.now() : p.reference());
        int mostRecent = 0;
        for (int i = 0; i < p.knownTracks().length; i++) {
            mostRecent = Math.max(mostRecent, rotationStreams(p.recentDaysAt(i)));
        }
        for (int i = 0; i < played.size(); i++) {
            mostRecent = Math.max(mostRecent, rotationStreams(played.recentDays(i)));
        }
        this.rotationScale = mostRecent;
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
        seedFacts();
    }

    /** What the seeds have in common: their genre shares, feature centre and spread; which tracks are by a seed artist. */
    private void seedFacts() {
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
                }
            }
        }
    }

    /** The aim of each soft target (scaled), moved halfway to the user's own centre for that time of day. */
    private float[] contextAim() {
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
    private float[] tasteCentre() {
        if (!p.hasCentre()) {
            return null;
        }
        float[] centre = new float[D];
        for (int d = 0; d < D; d++) {
            centre[d] = p.centre(d);
        }
        return centre;
    }

    /** Whether track number {@code t} is one of the listener's tracks outside the catalog. */
    boolean isPlayed(int t) {
        return t >= n;
    }

    float base(int t) {
        return t < n ? base[t] : playedBase[t - n];
    }

    /** Streams on the days of the current rotation: the {@link TasteAccumulator#ROTATION_DAYS} days up to today. */
    int rotationStreams(int[] days) {
        int count = 0;
        for (int d : days) {
            if (d > today - TasteAccumulator.ROTATION_DAYS && d <= today) {
                count++;
            }
        }
        return count;
    }

    /** The asker's basket holds both artists (catalog numbers): the artist model leaves it out of what they see. */
    boolean askerHoldsBothArtists(int a, int b) {
        return askerArtists.get(a) && askerArtists.get(b);
    }

    /** The asker is one of the listeners the model counted for this pair: they are left out of what they see. */
    boolean askerLovesBoth(int a, int b) {
        return lovedByAsker.get(a) && lovedByAsker.get(b);
    }
}
