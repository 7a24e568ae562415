package io.echotune.recommender.ranking;

import io.echotune.recommender.Novelty;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Where a ranking's candidates come from (docs/recommender.md, "Candidates"): feature-space neighbours of the wanted
 * sound, co-listening neighbours of the user's loved tracks and the seeds, tracks of artists that share genres with
 * the user's (or the asked-for) artists, tracks of the asked-for, prompt-matched and favourite genres, the user's own
 * tracks, and the most popular tracks so that a new user still gets an answer; none of them outside what
 * {@link RequestBounds} allows. Writes the candidate set and the collaborative and artist-neighbour facts into the {@link RankingRun}.
 */
final class CandidateSources {

    private static final int D = FeatureSpace.DIMENSIONS;
    private static final int POPULAR_CANDIDATES = 1000;
    private static final int COLLABORATIVE_ANCHORS = 60;
    private static final int USER_GENRES = 6;
    /** Artists whose tracks the artist co-listening model adds: the best by summed similarity to the anchors. */
    private static final int CO_LISTENED_ARTISTS = 40;

    private final RankingRun run;
    private final CatalogIndex c;
    private final CoListening col;
    private final TasteProfile p;
    private final RankingQuery q;
    private final RankingWeights weights;
    private final RankingWorkspace w;
    private final int n;
    private final boolean hasTaste;
    private final BitSet excluded;
    private final BitSet candidates;
    private final float[] collaborative;
    private final int[] collaborativeAnchor;
    private final float[] neighbourArtistScore;
    private final int[] neighbourArtistAnchor;
    private final List<ArtistNeighbours.Anchor> artistAnchors;
    private final float[] seedGenres;
    private final float[] seedCentre;
    private final float[] seedSpread;
    private final float[] contextAim;
    private final float[] tasteCentre;
    private final float[] genreTaste;

    CandidateSources(RankingRun run) {
        this.run = run;
        this.c = run.c;
        this.col = run.col;
        this.p = run.p;
        this.q = run.q;
        this.weights = run.weights;
        this.w = run.w;
        this.n = run.n;
        this.hasTaste = run.hasTaste;
        this.excluded = run.excluded;
        this.candidates = run.candidates;
        this.collaborative = run.collaborative;
        this.collaborativeAnchor = run.collaborativeAnchor;
        this.neighbourArtistScore = run.neighbourArtistScore;
        this.neighbourArtistAnchor = run.neighbourArtistAnchor;
        this.artistAnchors = run.artistAnchors;
        this.seedGenres = run.seedGenres;
        this.seedCentre = run.seedCentre;
        this.seedSpread = run.seedSpread;
        this.contextAim = run.contextAim;
        this.tasteCentre = run.tasteCentre;
        this.genreTaste = run.genreTaste;
    }

    /**
     * Marks what may not be shown ({@link RequestBounds}: the request's bounds come first), then every candidate (the
     * order of the sources is the order of the original single pass; a candidate is a bit, so a source's order
     * changes nothing but is kept anyway), and leaves the excluded out.
     */
    void collect() {
        new RequestBounds(run).apply();
        seedArtistTracks();
        featureNeighbours();
        collaborativeNeighbours();
        coListenedArtists();
        artistNeighbours();
        genreCandidates();
        ownTracks();
        popular();
        candidates.andNot(excluded);
    }

    /** Every track of an asked-for artist that is in the catalog. */
    void seedArtistTracks() {
        for (RankingQuery.SeedArtist seed : q.seedArtists()) {
            if (seed.catalogArtist() >= 0) {
                CatalogIndex.Csr at = c.artistTracks();
                for (int i = at.start(seed.catalogArtist()); i < at.end(seed.catalogArtist()); i++) {
                    candidates.set(at.value(i));
                }
            }
        }
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
                float contribution = w * col.similarity(x, run.askerLovesBoth(i, j));
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
        for (int a = 0; a < anchors.size() && run.maxCollaborative == 0; a++) {
            run.maxCollaborative = 1;   // any anchor: the component is on
        }
    }

    /**
     * Artist co-listening ({@link ArtistCoListening}): catalog artists that the same baskets (listeners, public
     * playlists, a public listening data set) hold together with the seed artists (weight 1.5) or the listener's top
     * artists (their affinity), in or out of the catalog; each artist's score is the summed similarity, its anchor the
     * strongest contributor. The tracks of the best {@value #CO_LISTENED_ARTISTS} become candidates.
     */
    void coListenedArtists() {
        ArtistCoListening model = run.artistCol;
        if (model == ArtistCoListening.EMPTY) {
            return;
        }
        List<RankingRun.ArtistAnchor> anchors = run.artistCollaborativeAnchors;
        for (RankingQuery.SeedArtist s : q.seedArtists()) {
            int id = model.artist(c, io.echotune.commons.music.TrackNames.normalise(s.name()));
            if (id >= 0) {
                anchors.add(new RankingRun.ArtistAnchor(s.name(), id, 1.5f));
            }
        }
        for (TasteProfile.ArtistTaste a : p.topArtists()) {
            int id = model.artist(c, a.key());
            if (id >= 0 && a.affinity() > 0) {
                anchors.add(new RankingRun.ArtistAnchor(a.name(), id, a.affinity()));
            }
        }
        float[] score = run.artistCollaborative;
        int[] anchorOf = run.artistCollaborativeAnchor;
        float[] best = new float[c.artistCount()];
        int[] touched = new int[64];
        int size = 0;
        for (int x = 0; x < anchors.size(); x++) {
            RankingRun.ArtistAnchor anchor = anchors.get(x);
            for (int i = model.neighboursStart(anchor.id()); i < model.neighboursEnd(anchor.id()); i++) {
                int b = model.neighbour(i);
                float contribution = anchor.weight() * model.similarity(anchor.id(), i, run.askerHoldsBothArtists(anchor.id(), b));
                if (contribution <= 0) {
                    continue;   // fewer than the threshold besides the asker
                }
                if (score[b] == 0) {
                    if (size == touched.length) {
                        touched = java.util.Arrays.copyOf(touched, size * 2);
                    }
                    touched[size++] = b;
                }
                score[b] += contribution;
                if (contribution > best[b]) {
                    best[b] = contribution;
                    anchorOf[b] = x;
                }
            }
        }
        if (!anchors.isEmpty()) {
            run.maxCollaborative = 1;   // the component is on
        }
        // the best artists by score (ties by number), their tracks as candidates
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = touched[i];
        }
        java.util.Arrays.sort(order, (a, b) -> score[a] != score[b] ? Float.compare(score[b], score[a]) : Integer.compare(a, b));
        for (int i = 0; i < order.length && i < CO_LISTENED_ARTISTS; i++) {
            addArtistTracks(order[i]);
        }
    }

    /** Catalog artists whose genre tags (idf-weighted cosine) resemble the asked-for or the user's top artists. */
    void artistNeighbours() {
        for (RankingQuery.SeedArtist s : q.seedArtists()) {
            artistAnchors.add(new ArtistNeighbours.Anchor(s.name(), 1f, s.catalogArtist(), s.genres(), true, 0));
        }
        int offset = artistAnchors.size();
        ArtistNeighbours.ProfileNeighbours cached = p.neighbours(c, () -> ArtistNeighbours.profileNeighbours(c, p, w));
        artistAnchors.addAll(cached.anchors());
        for (int i = 0; i < cached.artists().length; i++) {
            int b = cached.artists()[i];
            neighbourArtistScore[b] = cached.score()[i];
            neighbourArtistAnchor[b] = cached.anchor()[i] + offset;
            addArtistTracks(b);
        }
        for (ArtistNeighbours.Anchor a : cached.anchors()) {
            if (a.catalogArtist() >= 0) {
                addArtistTracks(a.catalogArtist());
            }
        }
        for (int ai = 0; ai < offset; ai++) {
            ArtistNeighbours.Anchor anchor = artistAnchors.get(ai);
            for (float[] similar : ArtistNeighbours.similarArtists(c, anchor, w)) {
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

    /**
     * The user's own tracks (all of them when familiar: forgotten favourites live here), in the catalog or not:
     * a played track outside it is reached only from here (co-listening, artist and genre neighbours and the
     * feature space are over catalog tracks).
     */
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
        // and the ones the catalog does not hold: a favourite is a favourite whatever the catalog knows. One a basic
        // export names only by artist and title is answered under its name key (TrackRefs).
        PlayedTracks played = run.played;
        for (int i = 0; i < played.size(); i++) {
            if (q.novelty() == Novelty.FAMILIAR || played.affinity(i) > 0.3f) {
                candidates.set(n + i);
            }
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
}
