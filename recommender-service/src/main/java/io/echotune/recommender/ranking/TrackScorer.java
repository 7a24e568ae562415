package io.echotune.recommender.ranking;

import java.util.BitSet;
import java.util.List;

/**
 * The score of one candidate (docs/recommender.md, "Ranking"): a plain sum of named components (taste, context,
 * semantic, collaborative, novelty, popularity), each already multiplied by its weight. A pure function of the run's
 * state, so the picks' components are computed again for their description instead of being kept for every candidate.
 */
final class TrackScorer {

    static final int PARTS = 6;
    private static final int D = FeatureSpace.DIMENSIONS;
    private static final double COLLABORATIVE_SCALE = 0.5;
    /** The artist co-listening part's share of the collaborative sum, against the track co-listening part's 1. */
    static final double ARTIST_CO_LISTENING = 1.0;

    private final RankingRun run;
    private final CatalogIndex c;
    private final TasteProfile p;
    private final RankingQuery q;
    private final RankingWeights weights;
    private final boolean hasTaste;
    private final boolean asksForSomething;
    private final boolean seeded;     // seed tracks or seed artists: "more like these"
    private final float[] base;
    private final float[] collaborative;
    private final float[] neighbourArtistScore;
    private final int[] neighbourArtistAnchor;
    private final List<ArtistNeighbours.Anchor> artistAnchors;
    private final float[] seedGenres;
    private final float[] seedCentre;
    private final float[] seedSpread;
    private final float[] seedGenreIdf;
    private final float[] contextAim;
    private final float[] tasteCentre;
    private final boolean[] seedArtistTracks;
    private final float[] ownTrack;
    private final float[] ownArtist;
    private final boolean[] knownArtistFlag;
    private final float[] genreTaste;
    private final float[] genreAsked;
    private final int[] softDims;
    private final double[] softMin;
    private final double[] softMax;
    private final float[] scratchParts = new float[PARTS];

    TrackScorer(RankingRun run) {
        this.run = run;
        this.c = run.c;
        this.p = run.p;
        this.q = run.q;
        this.weights = run.weights;
        this.hasTaste = run.hasTaste;
        this.asksForSomething = run.asksForSomething;
        this.base = run.base;
        this.collaborative = run.collaborative;
        this.neighbourArtistScore = run.neighbourArtistScore;
        this.neighbourArtistAnchor = run.neighbourArtistAnchor;
        this.artistAnchors = run.artistAnchors;
        this.seedGenres = run.seedGenres;
        this.seedCentre = run.seedCentre;
        this.seedSpread = run.seedSpread;
        this.seedGenreIdf = run.seedGenreIdf;
        this.contextAim = run.contextAim;
        this.tasteCentre = run.tasteCentre;
        this.seedArtistTracks = run.seedArtistTracks;
        this.seeded = q.seedTracks().length > 0 || !q.seedArtists().isEmpty();
        this.ownTrack = run.ownTrack;
        this.ownArtist = run.ownArtist;
        this.knownArtistFlag = run.knownArtistFlag;
        this.genreTaste = run.genreTaste;
        this.genreAsked = run.genreAsked;
        this.softDims = run.softDims;
        this.softMin = run.softMin;
        this.softMax = run.softMax;
    }

    /** The base score of every candidate, into the run's {@code base} array (candidates in track order). */
    void scoreCandidates() {
        BitSet candidates = run.candidates;
        for (int t = candidates.nextSetBit(0); t >= 0; t = candidates.nextSetBit(t + 1)) {
            score(t);
        }
    }

    void score(int t) {
        if (run.isPlayed(t)) {
            run.playedBase[t - run.n] = parts(t, scratchParts);
        } else {
            base[t] = parts(t, scratchParts);
        }
    }

    /**
     * The six weighted components of a track's score into {@code out} (taste, context, semantic, collaborative,
     * novelty, popularity), and their sum: the base score. A pure function of the run's state, so the picks'
     * components are computed again for their description instead of being kept for every candidate.
     */
    float parts(int t, float[] out) {
        if (run.isPlayed(t)) {
            return playedParts(t - run.n, out);
        }
        float taste = hasTaste ? (float) (weights.taste() * tasteScore(t)) : 0f;
        float context = contextAim != null ? (float) (weights.context() * contextFit(t)) : 0f;
        float semantic = asksForSomething ? (float) (weights.semantic() * semanticScore(t)) : 0f;
        // saturating: one loved anchor sharing a playlist gives about 0.4, several close neighbours approach 1
        float collab = run.maxCollaborative > 0 ? (float) (weights.collaborative()
                * (1 - Math.exp(-(collaborative[t] + ARTIST_CO_LISTENING * artistCoListening(t)) / COLLABORATIVE_SCALE))) : 0f;
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

    /**
     * The components of a played track outside the catalog: only what is known of it counts. Its taste is the artist,
     * genre and own-affinity parts (the feature fit is absent: no features); context, collaborative and popularity
     * are absent (no features, not in co-listening, no popularity); semantic from its artist's tags and name.
     */
    float playedParts(int i, float[] out) {
        PlayedTracks played = run.played;
        float taste = hasTaste ? (float) (weights.taste() * (0.25 * playedArtistPart(i) + 0.25 * playedGenrePart(i)
                + 0.15 * played.affinity(i))) : 0f;
        float semantic = asksForSomething ? (float) (weights.semantic() * playedSemantic(i)) : 0f;
        float novelty = (float) (weights.novelty() * playedNovelty(i));
        java.util.Arrays.fill(out, 0f);
        out[0] = taste;
        out[2] = semantic;
        out[4] = novelty;
        return taste + semantic + novelty;
    }

    double playedArtistPart(int i) {
        int a = run.played.catalogArtist(i);
        if (a >= 0) {
            return Math.max(ownArtist[a], 0.6 * Math.min(1, neighbourArtistScore[a]));
        }
        TasteProfile.ArtistTaste own = p.artist(run.played.artistKey(i));
        return own == null ? 0 : own.affinity();
    }

    double playedGenrePart(int i) {
        return playedGenreShare(genreTaste, i);
    }

    /**
     * The share of a played track outside the catalog's genres that {@code perGenre} weighs: its summed weights over
     * the genres' summed idf ({@link #genreShare} for tracks known only from histories).
     */
    private double playedGenreShare(float[] perGenre, int i) {
        double num = 0;
        double den = 0;
        for (int g : run.played.genres(i)) {
            num += perGenre[g];
            den += c.genreIdf(g);
        }
        return den > 0 ? num / den : 0;
    }

    double playedSemantic(int i) {
        double asked = -1;
        if (genreAsked != null) {
            asked = 0;
            for (int g : run.played.genres(i)) {
                asked = Math.max(asked, genreAsked[g]);
            }
        }
        double seed = -1;
        if (seeded) {
            int a = run.played.catalogArtist(i);
            seed = 0;
            for (int s : run.seedArtistIds) {
                if (a >= 0 && s == a) {
                    seed = 1;
                }
            }
            if (seedGenres != null) {
                // no features outside the catalog: the seeds' genres only
                seed = Math.max(seed, 0.6 * playedGenreShare(seedGenreIdf, i));
            }
        }
        return askedAndSeed(asked, seed);
    }

    double playedNovelty(int i) {
        PlayedTracks played = run.played;
        return switch (q.novelty()) {
            case FAMILIAR -> played.liked(i) ? liked(played.recentDays(i)) : familiar(played.affinity(i), love(played.streams(i)),
                    rotation(played.recentDays(i)), forgotten(played.affinity(i), love(played.streams(i)), played.lastPlayed(i)));
            case BALANCED -> balancedOwn(played.liked(i) ? 1f : played.affinity(i), played.liked(i) ? 1.0 : love(played.streams(i)),
                    rotation(played.recentDays(i)));
            case DISCOVER -> -1.0;   // never reached: discover leaves out every played track
        };
    }

    /**
     * The artist co-listening score of a track: the best of its artists' ({@link CandidateSources#coListenedArtists}).
     * Only for a track the listener has not played: "listeners of X also play Y" speaks for something new, and on
     * their own tracks it only reshuffled the order their plays give (familiar's evaluation rows fell with it).
     */
    double artistCoListening(int t) {
        if (!Float.isNaN(ownTrack[t])) {
            return 0;
        }
        CatalogIndex.Csr ta = c.trackArtists();
        double best = 0;
        for (int i = ta.start(t); i < ta.end(t); i++) {
            best = Math.max(best, run.artistCollaborative[ta.value(i)]);
        }
        return best;
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
        return genreShare(genreTaste, t);
    }

    /** The share of a catalog track's genres that {@code perGenre} weighs: its summed weights over the genres' summed idf. */
    private double genreShare(float[] perGenre, int t) {
        float den = c.trackGenreIdfSum(t);
        if (den <= 0) {
            return 0;
        }
        CatalogIndex.Csr tg = c.trackGenres();
        double num = 0;
        for (int i = tg.start(t); i < tg.end(t); i++) {
            num += perGenre[tg.value(i)];
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

    /**
     * What the request asks for, 0..1: the asked genres' best match, and the likeness to the seeds (their artists,
     * neighbours of seed artists, the seed tracks' genres and features). With both, their mean: "10 more like the
     * third one" keeps the conversation's request and asks for what resembles the seed, and a maximum let every
     * track of the asked genres score 1 whatever the seed was (ChatFleetIT: the seeded and unseeded lists were equal).
     */
    double semanticScore(int t) {
        double asked = -1;
        CatalogIndex.Csr tg = c.trackGenres();
        if (genreAsked != null) {
            asked = 0;
            for (int i = tg.start(t); i < tg.end(t); i++) {
                asked = Math.max(asked, genreAsked[tg.value(i)]);
            }
        }
        double seed = -1;
        if (seeded) {
            seed = 0;
            if (seedArtistTracks[t]) {
                seed = 1;
            } else if (!q.seedArtists().isEmpty()) {
                CatalogIndex.Csr ta = c.trackArtists();
                for (int i = ta.start(t); i < ta.end(t); i++) {
                    int a = ta.value(i);
                    if (neighbourArtistScore[a] > 0 && artistAnchors.get(neighbourArtistAnchor[a]).seed()) {
                        seed = Math.max(seed, 0.8 * neighbourArtistScore[a]);
                    }
                }
            }
            if (seedGenres != null) {
                seed = Math.max(seed, 0.6 * genreShare(seedGenreIdf, t) + 0.4 * seedFeatureFit(t));
            }
        }
        return askedAndSeed(asked, seed);
    }

    /** {@link #semanticScore}'s combination: either part alone, or the mean of both; -1 marks a part not asked. */
    static double askedAndSeed(double asked, double seed) {
        if (asked < 0) {
            return Math.max(0, seed);
        }
        return seed < 0 ? asked : 0.5 * (asked + seed);
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
        return forgotten(p.trackAffinity(t), love(p.trackStreams(t)), p.lastPlayed(t));
    }

    /**
     * A forgotten favourite: loved (recent affinity above 0.2, or long-term love of at least a half) and not played
     * for {@code forgottenAfterMs} before the listener's latest play.
     */
    boolean forgotten(float affinity, double love, long lastPlayed) {
        return lastPlayed != Long.MIN_VALUE && (affinity > 0.2f || love >= 0.5)
                && p.reference() - lastPlayed >= weights.forgottenAfterMs();
    }

    /** Long-term love, 0..1: all-time streams, log-damped, over the listener's most-streamed track's. */
    double love(int streams) {
        int most = p.maxStreams();
        return most <= 0 ? 0 : Math.sqrt((double) streams / most);
    }

    /** Current rotation, 0..1: streams in the last 3 weeks before now, log-damped, over the most any track had. */
    double rotation(int[] recentDays) {
        return run.rotationScale <= 0 ? 0 : Math.sqrt(run.rotationStreams(recentDays) / run.rotationScale);
    }

    static final double KNOWN = 2.0;
    /** Discover: an unheard track by an artist the listener plays is new, but less so than a new artist's. */
    static final double DISCOVER_KNOWN_ARTIST = -0.3;
    static final double RECENT_AFFINITY = 1.0;
    static final double LOVE = 40.0;
    static final double ROTATION = 10.0;
    static final double FORGOTTEN = 0.5;

    /**
     * Familiar, for a track the listener played: a floor for being known, then the named parts an explanation can
     * cite: the current rotation (now), long-term love and forgotten favourites (then), and the decayed affinity.
     */
    static double familiar(float affinity, double love, double rotation, boolean forgotten) {
        return KNOWN + RECENT_AFFINITY * Math.max(0, affinity) + LOVE * love + ROTATION * rotation
                + (forgotten ? FORGOTTEN : 0);
    }

    /** A balanced answer's share of the familiar parts: its own favourites come first only where the evidence is strong. */
    static final double BALANCED_SHARE = 0.5;

    /**
     * Balanced, for a track the listener played: a mix of their current favourites and new tracks. The familiar parts
     * (long-term love, rotation, decayed affinity) at {@link #BALANCED_SHARE} of their familiar weight, without the
     * floor for being known: a favourite played often, or now, still comes before any new track; a track played once
     * or twice long ago does not, and its place goes to a new track the collaborative and taste parts speak for.
     */
    static double balanced(float affinity, double love, double rotation) {
        return BALANCED_SHARE * (RECENT_AFFINITY * Math.max(0, affinity) + LOVE * love + ROTATION * rotation) - 0.2;
    }

    /**
     * A listener's own track in a balanced answer: {@link #balanced}, except when the request has seeds. "More like
     * this one" asks for what resembles the seed, and the familiar parts (up to about 25 for a favourite, against
     * 0.15-0.3 for a new track) would put the listener's favourites before anything the seed speaks for.
     */
    private double balancedOwn(float affinity, double love, double rotation) {
        return seeded ? -0.2 : balanced(affinity, love, rotation);
    }

    /** A like or save is the surest "I know and love this": it counts as much as the listener's most-streamed track. */
    double liked(int[] recentDays) {
        return familiar(1f, 1.0, rotation(recentDays), false);
    }

    double noveltyScore(int t) {
        boolean known = !Float.isNaN(ownTrack[t]);
        boolean artist = knownArtist(t);
        return switch (q.novelty()) {
            // familiar must be about what the listener knows: strong enough that co-listening neighbours of
            // their favourites (new to them) do not crowd out the favourites themselves (docs/evaluation.md)
            case FAMILIAR -> p.isLiked(t) ? liked(p.recentDays(t))
                    : known ? familiar(ownTrack[t], love(p.trackStreams(t)), rotation(p.recentDays(t)), forgotten(t))
                    : artist ? 0.6 : -0.6;
            case BALANCED -> p.isLiked(t) ? balancedOwn(1f, 1.0, rotation(p.recentDays(t)))
                    : known ? balancedOwn(ownTrack[t], love(p.trackStreams(t)), rotation(p.recentDays(t)))
                    : artist ? 0.3 : 0.15;
            case DISCOVER -> artist ? DISCOVER_KNOWN_ARTIST : 0.5;
        };
    }
}
