package io.echotune.recommender.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Item-item co-listening (docs/recommender.md, "Collaborative"): two tracks are neighbours when the same baskets hold
 * them. Baskets are public playlists (every playlist counts) and listeners' loved tracks (a pair counts only when at
 * least {@code minListeners} listeners love both, so no single person's pairs reach anyone else).
 * <pre>
 *   c(i,j) = playlists(i,j) + listeners(i,j)        n(i) = playlists(i) + listeners(i)
 *   s(i,j) = c(i,j) / (sqrt(n(i) * n(j)) + shrinkage)
 * </pre>
 * The {@code neighbours} best j of each i are kept (ties by track number, i.e. by id) in CSR arrays, with the
 * listener count of each pair for explanations. Immutable; built in the background and swapped.
 */
public final class CoListening {

    public static final CoListening EMPTY = new CoListening(new int[1], new int[0], new float[0], new short[0], 0, 0, 0);

    private final int[] offsets;
    private final int[] neighbours;
    private final float[] similarity;
    private final short[] listeners;
    private final int playlistBaskets;
    private final int listenerBaskets;
    private final long builtAt;

    private CoListening(int[] offsets, int[] neighbours, float[] similarity, short[] listeners, int playlistBaskets,
                        int listenerBaskets, long builtAt) {
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.similarity = similarity;
        this.listeners = listeners;
        this.playlistBaskets = playlistBaskets;
        this.listenerBaskets = listenerBaskets;
        this.builtAt = builtAt;
    }

    /**
     * @param tracks        catalog size
     * @param playlists     track numbers of each public playlist
     * @param lovedByUser   track numbers each listener loves (one list per listener)
     */
    public static CoListening build(int tracks, List<int[]> playlists, List<int[]> lovedByUser, int keep,
                                    double shrinkage, int minListeners, long builtAt) {
        int[] playlistCount = new int[tracks];
        int[] listenerCount = new int[tracks];
        PairCounts playlistPairs = PairCounts.of(playlists, playlistCount, 1);
        PairCounts listenerPairs = PairCounts.of(lovedByUser, listenerCount, minListeners);

        int[] offsets = new int[tracks + 1];
        List<int[]> rowsN = new ArrayList<>(tracks);
        List<float[]> rowsS = new ArrayList<>(tracks);
        List<short[]> rowsL = new ArrayList<>(tracks);
        int p = 0;
        int u = 0;
        long[] scratch = new long[64];
        float[] scratchS = new float[64];
        short[] scratchL = new short[64];
        for (int i = 0; i < tracks; i++) {
            int len = 0;
            // merge the two sorted pair lists of row i
            while ((p < playlistPairs.size && playlistPairs.row(p) == i) || (u < listenerPairs.size && listenerPairs.row(u) == i)) {
                int jp = p < playlistPairs.size && playlistPairs.row(p) == i ? playlistPairs.column(p) : Integer.MAX_VALUE;
                int ju = u < listenerPairs.size && listenerPairs.row(u) == i ? listenerPairs.column(u) : Integer.MAX_VALUE;
                int j = Math.min(jp, ju);
                int cp = 0;
                int cu = 0;
                if (jp == j) {
                    cp = playlistPairs.counts[p++];
                }
                if (ju == j) {
                    cu = listenerPairs.counts[u++];
                }
                double ni = playlistCount[i] + listenerCount[i];
                double nj = playlistCount[j] + listenerCount[j];
                float s = (float) ((cp + cu) / (Math.sqrt(ni * nj) + shrinkage));
                if (len == scratch.length) {
                    scratch = Arrays.copyOf(scratch, len * 2);
                    scratchS = Arrays.copyOf(scratchS, len * 2);
                    scratchL = Arrays.copyOf(scratchL, len * 2);
                }
                scratch[len] = j;
                scratchS[len] = s;
                scratchL[len] = (short) Math.min(Short.MAX_VALUE, cu);
                len++;
            }
            int k = Math.min(keep, len);
            Integer[] order = new Integer[len];
            for (int x = 0; x < len; x++) {
                order[x] = x;
            }
            final float[] sims = scratchS;
            final long[] cols = scratch;
            Arrays.sort(order, (a, b) -> sims[a] != sims[b] ? Float.compare(sims[b], sims[a]) : Long.compare(cols[a], cols[b]));
            int[] n = new int[k];
            float[] s = new float[k];
            short[] l = new short[k];
            for (int x = 0; x < k; x++) {
                n[x] = (int) scratch[order[x]];
                s[x] = scratchS[order[x]];
                l[x] = scratchL[order[x]];
            }
            rowsN.add(n);
            rowsS.add(s);
            rowsL.add(l);
            offsets[i + 1] = offsets[i] + k;
        }
        int total = offsets[tracks];
        int[] nb = new int[total];
        float[] sim = new float[total];
        short[] lis = new short[total];
        for (int i = 0; i < tracks; i++) {
            System.arraycopy(rowsN.get(i), 0, nb, offsets[i], rowsN.get(i).length);
            System.arraycopy(rowsS.get(i), 0, sim, offsets[i], rowsS.get(i).length);
            System.arraycopy(rowsL.get(i), 0, lis, offsets[i], rowsL.get(i).length);
        }
        return new CoListening(offsets, nb, sim, lis, playlists.size(), lovedByUser.size(), builtAt);
    }

    /** Ordered pair counts of baskets, as sorted parallel arrays (row, column) -> count. */
    private static final class PairCounts {
        final long[] keys;
        final int[] counts;
        final int size;

        private PairCounts(long[] keys, int[] counts, int size) {
            this.keys = keys;
            this.counts = counts;
            this.size = size;
        }

        int row(int position) {
            return (int) (keys[position] >>> 32);
        }

        int column(int position) {
            return (int) keys[position];
        }

        static PairCounts of(List<int[]> baskets, int[] itemCount, int minCount) {
            long total = 0;
            for (int[] b : baskets) {
                total += (long) b.length * (b.length - 1);
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many co-occurring pairs (" + total + ") for one machine: "
                        + "see docs/recommender.md, scaling out");
            }
            long[] keys = new long[(int) total];
            int k = 0;
            for (int[] basket : baskets) {
                int[] items = Arrays.stream(basket).distinct().toArray();
                for (int a : items) {
                    itemCount[a]++;
                }
                for (int a : items) {
                    for (int b : items) {
                        if (a != b) {
                            keys[k++] = ((long) a << 32) | b;
                        }
                    }
                }
            }
            Arrays.sort(keys, 0, k);
            long[] outKeys = new long[k];
            int[] outCounts = new int[k];
            int size = 0;
            for (int i = 0; i < k; ) {
                int j = i;
                while (j < k && keys[j] == keys[i]) {
                    j++;
                }
                if (j - i >= minCount) {
                    outKeys[size] = keys[i];
                    outCounts[size] = j - i;
                    size++;
                }
                i = j;
            }
            return new PairCounts(outKeys, outCounts, size);
        }
    }

    public int neighboursStart(int track) {
        return track + 1 < offsets.length ? offsets[track] : 0;
    }

    public int neighboursEnd(int track) {
        return track + 1 < offsets.length ? offsets[track + 1] : 0;
    }

    public int neighbour(int position) {
        return neighbours[position];
    }

    public float similarity(int position) {
        return similarity[position];
    }

    /** Listeners who love both tracks of the pair at this position (0 when below the threshold). */
    public int listeners(int position) {
        return listeners[position];
    }

    /** Listeners who love both tracks (0 when not neighbours or below the threshold). */
    public int listeners(int a, int b) {
        for (int i = neighboursStart(a); i < neighboursEnd(a); i++) {
            if (neighbours[i] == b) {
                return listeners[i];
            }
        }
        return 0;
    }

    public int playlistBaskets() {
        return playlistBaskets;
    }

    public int listenerBaskets() {
        return listenerBaskets;
    }

    public long builtAt() {
        return builtAt;
    }

    public int pairs() {
        return neighbours.length;
    }

    public long estimatedBytes() {
        return 64L + 4L * offsets.length + 4L * neighbours.length + 4L * similarity.length + 2L * listeners.length;
    }
}
