package io.echotune.recommender.ranking;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Item-item co-listening (docs/recommender.md, "Collaborative"): two tracks are neighbours when the same baskets hold
 * them. Baskets are public playlists (every playlist counts) and listeners' loved tracks. A listener pair is private
 * data of the people who love both tracks: it is used, in scoring and in explanations, only when at least
 * {@code minOtherListeners} listeners OTHER than the one asking love both (k-anonymity; issue #15: counting the asker
 * made "2 listeners who love X also love Y" reveal one other person's taste). The model is shared by all users, so the
 * asker is taken out per request: {@link #similarity(int, boolean)} and {@link #otherListeners(int, int, boolean)}
 * are told whether the asker's own loved list holds both tracks.
 * <pre>
 *   c(i,j) = playlists(i,j) + listeners(i,j)        n(i) = playlists(i) + listeners(i)
 *   s(i,j) = c(i,j) / (sqrt(n(i) * n(j)) + shrinkage)
 * </pre>
 * The {@code neighbours} best j of each i are kept (ties by track number, i.e. by id) in CSR arrays, with the
 * playlist and listener counts of each pair, so the listener part can be taken out again for an asker it would
 * expose. Immutable; built in the background and swapped.
 */
public final class CoListening {

    public static final CoListening EMPTY = new CoListening(new int[1], new int[0], new float[0], new short[0],
            new short[0], Integer.MAX_VALUE, 0, 0, 0);

    private final int[] offsets;
    private final int[] neighbours;
    private final float[] similarity;
    private final short[] playlists;
    private final short[] listeners;
    private final int minOtherListeners;
    private final int playlistBaskets;
    private final int listenerBaskets;
    private final long builtAt;

    private CoListening(int[] offsets, int[] neighbours, float[] similarity, short[] playlists, short[] listeners,
                        int minOtherListeners, int playlistBaskets, int listenerBaskets, long builtAt) {
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.similarity = similarity;
        this.playlists = playlists;
        this.listeners = listeners;
        this.minOtherListeners = minOtherListeners;
        this.playlistBaskets = playlistBaskets;
        this.listenerBaskets = listenerBaskets;
        this.builtAt = builtAt;
    }

    /**
     * @param tracks        catalog size
     * @param playlists     track numbers of each public playlist
     * @param lovedByUser   track numbers each listener loves (one list per listener)
     * @param minOtherListeners listeners besides the asker who must love a pair before it is used (at least 1)
     */
    public static CoListening build(int tracks, List<int[]> playlists, List<int[]> lovedByUser, int keep,
                                    double shrinkage, int minOtherListeners, long builtAt) {
        Builder builder = builder(tracks, minOtherListeners, DEFAULT_MAX_PAIRS);
        playlists.forEach(builder::playlist);
        lovedByUser.forEach(builder::listener);
        return builder.build(keep, shrinkage, builtAt);
    }

    /**
     * Distinct pairs counted at most while learning, by default: the table then stays at 2^21 slots of 12 bytes
     * (24 MB) however many listeners there are, and the catalog's public playlists (about 1.27 M pairs) fit whole
     * below the pruning target, leaving the rest to listener pairs (docs/recommender.md, "Memory").
     */
    public static final int DEFAULT_MAX_PAIRS = 1_800_000;

    /**
     * A pair loved by fewer than {@code minOtherListeners} listeners in all can never have that many besides the asker,
     * so the builder drops it as below the threshold; whether the asker is among those counted is decided per request.
     */
    public static Builder builder(int tracks, int minOtherListeners, int maxPairs) {
        return new Builder(tracks, Math.max(1, minOtherListeners), maxPairs);
    }

    /**
     * Counts baskets one at a time (nothing per basket is kept), so memory is bounded by the catalog size and
     * {@code maxPairs}, whatever the number of listeners: when the pair table is full, the rarest pairs are dropped
     * (first listener pairs still below {@code minListeners} in all, which no answer may use, then the least frequent),
     * so the strong pairs that make the neighbour lists survive.
     */
    public static final class Builder {
        private final int tracks;
        private final int minListeners;
        private final int[] playlistCount;
        private final int[] listenerCount;
        private final PairTable pairs;
        private int playlistBaskets;
        private int listenerBaskets;

        private Builder(int tracks, int minListeners, int maxPairs) {
            this.tracks = tracks;
            this.minListeners = minListeners;
            this.playlistCount = new int[tracks];
            this.listenerCount = new int[tracks];
            this.pairs = new PairTable(maxPairs, minListeners);
        }

        public Builder playlist(int[] basket) {
            playlistBaskets++;
            add(basket, playlistCount, PairTable.PLAYLIST);
            return this;
        }

        /** One listener's loved tracks; ignored unless at least two of them are catalog tracks. */
        public Builder listener(int[] basket) {
            if (basket.length > 1) {
                listenerBaskets++;
                add(basket, listenerCount, PairTable.LISTENER);
            }
            return this;
        }

        private void add(int[] basket, int[] itemCount, int source) {
            int[] items = Arrays.stream(basket).filter(t -> t >= 0 && t < tracks).sorted().distinct().toArray();
            for (int a : items) {
                itemCount[a]++;
            }
            for (int x = 0; x < items.length; x++) {
                for (int y = x + 1; y < items.length; y++) {
                    pairs.increment(((long) items[x] << 32) | items[y], source);
                }
            }
        }

        /** Bytes the builder holds now (pair table and per-track counts). */
        public long estimatedBytes() {
            return pairs.estimatedBytes() + 8L * tracks;
        }

        public CoListening build(int keep, double shrinkage, long builtAt) {
            // every usable pair in both directions, grouped by row: col (high 32 bits), playlists, listeners (16 each)
            int[] offsets = new int[tracks + 1];
            pairs.forEachUsable((a, b, value) -> {
                offsets[a + 1]++;
                offsets[b + 1]++;
            });
            for (int i = 0; i < tracks; i++) {
                offsets[i + 1] += offsets[i];
            }
            long[] entries = new long[offsets[tracks]];
            int[] fill = Arrays.copyOf(offsets, tracks);
            pairs.forEachUsable((a, b, value) -> {
                entries[fill[a]++] = ((long) b << 32) | (value & 0xFFFFFFFFL);
                entries[fill[b]++] = ((long) a << 32) | (value & 0xFFFFFFFFL);
            });
            int[] kept = new int[tracks + 1];
            int total = 0;
            for (int i = 0; i < tracks; i++) {
                total += Math.min(keep, offsets[i + 1] - offsets[i]);
                kept[i + 1] = total;
            }
            int[] nb = new int[total];
            float[] sim = new float[total];
            short[] pls = new short[total];
            short[] lis = new short[total];
            long[] order = new long[64];
            for (int i = 0; i < tracks; i++) {
                int from = offsets[i];
                int len = offsets[i + 1] - from;
                if (len == 0) {
                    continue;
                }
                Arrays.sort(entries, from, from + len);   // by column: ties below then break by id
                if (order.length < len) {
                    order = new long[len];
                }
                double ni = playlistCount[i] + listenerCount[i];
                for (int x = 0; x < len; x++) {
                    long e = entries[from + x];
                    int j = (int) (e >>> 32);
                    double nj = playlistCount[j] + listenerCount[j];
                    float s = (float) ((PairTable.playlists(e) + PairTable.usableListeners(e, minListeners))
                            / (Math.sqrt(ni * nj) + shrinkage));
                    // similarity is positive, so its bits order like the value: descending similarity, then column
                    order[x] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(s)) << 32) | x;
                }
                Arrays.sort(order, 0, len);
                for (int x = 0, out = kept[i]; out < kept[i + 1]; x++, out++) {
                    int position = (int) order[x];
                    long e = entries[from + position];
                    nb[out] = (int) (e >>> 32);
                    sim[out] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (order[x] >>> 32));
                    pls[out] = (short) Math.min(Short.MAX_VALUE, PairTable.playlists(e));
                    lis[out] = (short) Math.min(Short.MAX_VALUE, PairTable.usableListeners(e, minListeners));
                }
            }
            return new CoListening(kept, nb, sim, pls, lis, minListeners, playlistBaskets, listenerBaskets, builtAt);
        }

        public int prunes() {
            return pairs.prunes;
        }
    }

    /**
     * Unordered pair (a &lt; b, packed as a &lt;&lt; 32 | b) -> playlist and listener counts (16 bits each, saturating),
     * in open addressing with linear probing. Never holds more than {@code maxPairs} pairs: see {@link Builder}.
     */
    private static final class PairTable {
        static final int PLAYLIST = 16;
        static final int LISTENER = 0;
        private static final long EMPTY = 0L;   // (0, 0) is never a pair: a < b

        private final int maxPairs;
        private final int minListeners;
        private long[] keys;
        private int[] values;
        private int size;
        private int prunes;

        PairTable(int maxPairs, int minListeners) {
            this.maxPairs = Math.max(16, maxPairs);
            this.minListeners = minListeners;
            int capacity = 1024;
            keys = new long[capacity];
            values = new int[capacity];
        }

        static int playlists(long entry) {
            return (int) (entry >>> 16) & 0xFFFF;
        }

        static int usableListeners(long entry, int minListeners) {
            int listeners = (int) entry & 0xFFFF;
            return listeners >= minListeners ? listeners : 0;
        }

        void increment(long key, int source) {
            int slot = find(key);
            if (keys[slot] == EMPTY) {
                if (size >= maxPairs) {
                    prune();
                    slot = find(key);
                }
                if (size + 1 > maxLoad(keys.length)) {
                    resize(keys.length * 2);
                    slot = find(key);
                }
                keys[slot] = key;
                size++;
            }
            int count = (values[slot] >>> source) & 0xFFFF;
            if (count < 0xFFFF) {
                values[slot] += 1 << source;
            }
        }

        /** Linear probing stays short up to 7/8 full with a good mix; fuller tables grow (or prune at the budget). */
        private static int maxLoad(int capacity) {
            return capacity / 8 * 7;
        }

        private int find(long key) {
            int mask = keys.length - 1;
            int slot = (int) mix(key) & mask;
            while (keys[slot] != EMPTY && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private static long mix(long key) {   // MurmurHash3's finaliser: both track numbers reach the low bits
            long h = (key ^ (key >>> 33)) * 0xFF51AFD7ED558CCDL;
            h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
            return h ^ (h >>> 33);
        }

        /**
         * Frees an eighth of the budget, rarest first: listener pairs no answer may use yet, then listener-only pairs
         * by rising count, and only then public-playlist pairs (the catalog's own, a fixed amount) by rising count.
         */
        private void prune() {
            prunes++;
            int target = maxPairs / 8 * 7;
            int listenerOnly = removeWhere(v -> (v >>> 16) == 0 && (v & 0xFFFF) < minListeners);
            for (int floor = minListeners; size > target && listenerOnly > 0 && floor <= 0xFFFF; floor++) {
                int f = floor;
                listenerOnly = removeWhere(v -> (v >>> 16) == 0 && (v & 0xFFFF) <= f);
            }
            for (int floor = 1; size > target; floor++) {
                int f = floor;
                removeWhere(v -> (v >>> 16) + (v & 0xFFFF) <= f);
            }
        }

        /** Rebuilds the table without the dropped pairs; returns how many listener-only pairs remain. */
        private int removeWhere(IntPredicate drop) {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length];
            values = new int[oldKeys.length];
            size = 0;
            int listenerOnly = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY && !drop.test(oldValues[i])) {
                    int slot = find(oldKeys[i]);
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                    size++;
                    listenerOnly += (oldValues[i] >>> 16) == 0 ? 1 : 0;
                }
            }
            return listenerOnly;
        }

        private void resize(int capacity) {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[capacity];
            values = new int[capacity];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    int slot = find(oldKeys[i]);
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                }
            }
        }

        interface PairVisitor {
            void visit(int a, int b, int value);
        }

        /** Pairs that may become neighbours: in a public playlist, or loved by at least minListeners listeners. */
        void forEachUsable(PairVisitor visitor) {
            for (int i = 0; i < keys.length; i++) {
                long key = keys[i];
                if (key != EMPTY && ((values[i] >>> 16) > 0 || (values[i] & 0xFFFF) >= minListeners)) {
                    visitor.visit((int) (key >>> 32), (int) key, values[i]);
                }
            }
        }

        long estimatedBytes() {
            return 12L * keys.length;
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

    /** The pair's similarity with every basket counted (the asker's own included): for ordering and tests. */
    public float similarity(int position) {
        return similarity[position];
    }

    /**
     * The pair's similarity as the asker may use it: when the listeners who love both, less the asker, are fewer than
     * the threshold, their part is taken out and only the public playlists remain (0: not a neighbour for this asker).
     *
     * @param askerLovesBoth the asker's loved list holds both tracks (so they are among the listeners counted)
     */
    public float similarity(int position, boolean askerLovesBoth) {
        int all = listeners[position];
        if (all == 0 || others(all, askerLovesBoth) >= minOtherListeners) {
            return similarity[position];
        }
        int shared = playlists[position];
        return shared == 0 ? 0f : similarity[position] * shared / (shared + all);
    }

    /**
     * Listeners other than the asker who love both tracks, when there are at least the threshold of them; else 0 (the
     * fact may not be used or shown).
     */
    public int otherListeners(int a, int b, boolean askerLovesBoth) {
        for (int i = neighboursStart(a); i < neighboursEnd(a); i++) {
            if (neighbours[i] == b) {
                int others = others(listeners[i], askerLovesBoth);
                return others >= minOtherListeners ? others : 0;
            }
        }
        return 0;
    }

    private static int others(int all, boolean askerLovesBoth) {
        return askerLovesBoth ? all - 1 : all;
    }

    /** Listeners who love both tracks, the asker included if they do (0 when not neighbours or below the threshold). */
    public int listeners(int position) {
        return listeners[position];
    }

    /** Listeners who love both tracks, the asker included if they do (0 when not neighbours or below the threshold). */
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
        return 64L + 4L * offsets.length + 4L * neighbours.length + 4L * similarity.length + 2L * playlists.length
                + 2L * listeners.length;
    }
}
