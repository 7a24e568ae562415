package io.echotune.recommender.ranking;

import io.echotune.recommender.Novelty;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Picks the answer from the scored candidates (docs/recommender.md, "Ranking"): MMR re-ranking of the best
 * {@code poolFactor * count} with a per-artist cap; the similarity penalty of a pick is its {@code diversity}
 * component.
 */
final class MmrSelection {

    private static final int D = FeatureSpace.DIMENSIONS;
    /**
     * A familiar answer's per-artist cap, as a multiple of the cap: favourites cluster by artist, and two tracks of the
     * artist someone streamed most would leave out most of what they play (docs/evaluation.md).
     */
    static final int FAMILIAR_CAP_FACTOR = 3;
    /**
     * Balanced answers hold the listener's favourites too, which cluster by artist: a track they played may be the
     * 3rd or 4th of its artist, a new track never pushes an artist past the usual 2.
     */
    static final int BALANCED_CAP_FACTOR = 2;
    /**
     * Discover answers: an unheard track of an artist the listener already plays may be the 3rd or 4th of its artist,
     * a new artist stays at the usual 2 so the discoveries spread. Most of what people go on to play that is new to
     * them is by artists they already play (docs/evaluation.md, "discover").
     */
    static final int DISCOVER_KNOWN_ARTIST_CAP_FACTOR = 2;

    /** One pick, in answer order, with its (negative) diversity penalty. */
    record Pick(int track, float diversityPenalty) {
    }

    private final RankingRun run;
    private final CatalogIndex c;
    private final RankingQuery q;
    private final RankingWeights weights;
    private final RankingWorkspace w;
    private final BitSet candidates;
    private final float[] base;
    private final int[] seedArtistIds;
    private final int seedArtistCap;

    MmrSelection(RankingRun run) {
        this.run = run;
        this.c = run.c;
        this.q = run.q;
        this.weights = run.weights;
        this.w = run.w;
        this.candidates = run.candidates;
        this.base = run.base;
        this.seedArtistIds = run.seedArtistIds;
        this.seedArtistCap = run.seedArtistCap;
    }

    /**
     * Greedy MMR: each pick takes the pool entry with the best {@code base - diversity * maxSim} (ties: lower track
     * number), where maxSim is its highest similarity to anything already picked. Evaluated lazily, with the same
     * answer as a full rescan: an entry's value only falls as picks accrue, so a stale value is an upper bound, and
     * a max-heap of stale values needs only the entries that reach its top refreshed against the newer picks
     * (a few per pick instead of the whole pool).
     */
    List<Pick> select() {
        int count = q.count();
        int poolSize = Math.max(200, weights.poolFactor() * count);
        int[] pool = top(candidates, poolSize);
        Mmr mmr = new Mmr(pool, count);
        // all zero; the picks' artists are zeroed again below (artists outside the catalog: a fresh array)
        int[] artistUse = run.artistSlots <= w.artistUse.length ? w.artistUse : new int[run.artistSlots];
        try {
            // pass 0 keeps the per-artist cap; pass 1 fills from the pool without it (the catalog could not fill it)
            for (int pass = 0; pass < 2 && mmr.picked < count; pass++) {
                mmr.fillHeap();
                while (mmr.picked < count) {
                    int best = mmr.next(pass == 0 ? artistUse : null);
                    if (best < 0) {
                        break;
                    }
                    for (int k = 0; k < artistCount(pool[best]); k++) {
                        artistUse[artist(pool[best], k)]++;
                    }
                }
            }
        } finally {
            for (int k = 0; k < mmr.picked; k++) {
                int t = pool[mmr.order[k]];
                for (int i = 0; i < artistCount(t); i++) {
                    artistUse[artist(t, i)] = 0;
                }
            }
        }
        List<Pick> out = new ArrayList<>(mmr.picked);
        for (int k = 0; k < mmr.picked; k++) {
            int i = mmr.order[k];
            out.add(new Pick(pool[i], (float) (-weights.diversity() * mmr.maxSim[i])));
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
                value[i] = run.base(pool[i]);   // maxSim is 0
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
                        value[top] = run.base(pool[top]) - weights.diversity() * maxSim[top];
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

    /** How many credited artists track {@code t} has (a played track outside the catalog: its one artist). */
    private int artistCount(int t) {
        return run.isPlayed(t) ? 1 : c.trackArtists().size(t);
    }

    /** The {@code k}-th artist of track {@code t}: a catalog artist, or a slot past them for an artist outside it. */
    private int artist(int t, int k) {
        return run.isPlayed(t) ? run.playedArtist[t - run.n] : c.trackArtists().value(c.trackArtists().start(t) + k);
    }

    long[] genreBits(int t) {
        long[] bits = new long[(c.genreCount() + 63) >>> 6];
        if (run.isPlayed(t)) {
            for (int g : run.played.genres(t - run.n)) {
                bits[g >>> 6] |= 1L << g;
            }
            return bits;
        }
        CatalogIndex.Csr tg = c.trackGenres();
        for (int i = tg.start(t); i < tg.end(t); i++) {
            int g = tg.value(i);
            bits[g >>> 6] |= 1L << g;
        }
        return bits;
    }

    /** A track the listener played, in the catalog or not. */
    private boolean played(int t) {
        return run.isPlayed(t) || run.p.knows(t) || run.p.isLiked(t);
    }

    /** An artist the listener has streamed (a catalog artist; discover answers hold catalog tracks only). */
    private boolean knownArtist(int a) {
        return a < c.artistCount() && run.knownArtistFlag[a];
    }

    boolean overCap(int t, int[] artistUse) {
        for (int k = 0; k < artistCount(t); k++) {
            int a = artist(t, k);
            int cap = q.novelty() == Novelty.FAMILIAR ? FAMILIAR_CAP_FACTOR * weights.perArtistCap()
                    : q.novelty() == Novelty.BALANCED && played(t) ? BALANCED_CAP_FACTOR * weights.perArtistCap()
                    : q.novelty() == Novelty.DISCOVER && knownArtist(a) ? DISCOVER_KNOWN_ARTIST_CAP_FACTOR * weights.perArtistCap()
                    : weights.perArtistCap();
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
        if (run.isPlayed(a) || run.isPlayed(b)) {
            return playedSimilarity(a, aGenres, b);
        }
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

    /**
     * {@link #similarity} when either track is a played track outside the catalog: its sound is unknown, so the sound
     * part is absent; shared artist and shared genres (its artist's tags) as for any track.
     */
    double playedSimilarity(int a, long[] aGenres, int b) {
        double artist = 0;
        for (int i = 0; i < artistCount(a) && artist == 0; i++) {
            for (int j = 0; j < artistCount(b); j++) {
                if (artist(a, i) == artist(b, j)) {
                    artist = 1;
                }
            }
        }
        int[] bGenres = run.isPlayed(b) ? run.played.genres(b - run.n) : null;
        int bSize = bGenres != null ? bGenres.length : c.trackGenres().size(b);
        int shared = 0;
        for (int i = 0; i < bSize; i++) {
            int g = bGenres != null ? bGenres[i] : c.trackGenres().value(c.trackGenres().start(b) + i);
            shared += (int) (aGenres[g >>> 6] >>> g) & 1;
        }
        int aSize = 0;
        for (long word : aGenres) {
            aSize += Long.bitCount(word);
        }
        int union = aSize + bSize - shared;
        return 0.3 * artist + 0.2 * (union == 0 ? 0 : (double) shared / union);
    }

    /** The best {@code size} candidates by base score, ties by number. */
    int[] top(BitSet set, int size) {
        TopK best = new TopK(size);
        for (int t = set.nextSetBit(0); t >= 0; t = set.nextSetBit(t + 1)) {
            best.offer(-run.base(t), t);
        }
        return best.sortedTracks();
    }
}
