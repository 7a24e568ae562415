package io.echotune.recommender.ranking;

import io.echotune.commons.music.TrackNames;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Artist-artist item-kNN (docs/recommender.md, "Artist co-listening"): two artists are neighbours when the same
 * baskets hold them. A basket is one public playlist's artists, one listener's loved artists (the artists of their
 * loved catalog tracks), or one listener of a public listening data set (HetRec 2011 Last.fm: the artists a Last.fm
 * user listened to). Binary baskets, cosine with shrinkage:
 * <pre>
 *   c(a,b) = baskets holding both        n(a) = baskets holding a
 *   s(a,b) = c(a,b) / (sqrt(n(a) n(b)) + shrinkage)
 * </pre>
 * Privacy: a pair is a fact about the people whose baskets hold both artists. It is used (scored or explained) only
 * when at least {@code minSupport} baskets other than the asker's hold both; the asker's own basket is taken out per
 * request ({@link #similarity(int, boolean)}), as {@link CoListening} does for tracks.
 * <p>
 * Artists are keyed by {@link TrackNames#normalise(String) normalised name}: catalog artists keep their catalog number,
 * artists only the baskets name (most of what people play is outside the catalog) are numbered after them, so a
 * listener's artist outside the catalog can still be an anchor. Neighbours are catalog artists only (the ones whose
 * tracks can be recommended), the {@code keep} most similar per artist, ties by number. Immutable; built in the
 * background and swapped.
 */
public final class ArtistCoListening {

    public static final ArtistCoListening EMPTY = new ArtistCoListening(Map.of(), 0, new int[1], new int[0], new int[0],
            new int[0], Integer.MAX_VALUE, 0, 0, 0);

    private final Map<String, Integer> ids;
    private final int catalogArtists;
    private final int[] offsets;
    private final int[] neighbours;
    private final int[] support;
    private final int[] baskets;     // n(a), per artist number
    private final double shrinkage;
    private final int minSupport;
    private final int basketCount;
    private final long builtAt;

    private ArtistCoListening(Map<String, Integer> ids, int catalogArtists, int[] offsets, int[] neighbours,
                              int[] support, int[] baskets, int minSupport, double shrinkage, int basketCount,
                              long builtAt) {
        this.ids = ids;
        this.catalogArtists = catalogArtists;
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.support = support;
        this.baskets = baskets;
        this.minSupport = minSupport;
        this.shrinkage = shrinkage;
        this.basketCount = basketCount;
        this.builtAt = builtAt;
    }

    /**
     * @param minSupport baskets besides the asker's that must hold both artists before a pair is used (at least 1)
     */
    public static Builder builder(CatalogIndex catalog, int minSupport) {
        return new Builder(catalog, Math.max(1, minSupport));
    }

    /** The artists of the given catalog tracks, each once, sorted: a listener's (or a playlist's) basket. */
    public static int[] artistsOf(CatalogIndex catalog, int[] tracks) {
        CatalogIndex.Csr ta = catalog.trackArtists();
        int[] out = new int[16];
        int size = 0;
        for (int t : tracks) {
            if (t < 0 || t >= catalog.size()) {
                continue;
            }
            for (int i = ta.start(t); i < ta.end(t); i++) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, size * 2);
                }
                out[size++] = ta.value(i);
            }
        }
        return Arrays.stream(out, 0, size).sorted().distinct().toArray();
    }

    /**
     * Counts baskets one at a time; only pairs with a catalog artist on at least one side are kept (a pair of two
     * artists outside the catalog can never name a recommendable neighbour).
     */
    public static final class Builder {
        private final CatalogIndex catalog;
        private final int minSupport;
        private final Map<String, Integer> ids = new HashMap<>();
        private int[] basketsOf;
        private final PairCounts pairs = new PairCounts();
        private int basketCount;

        private Builder(CatalogIndex catalog, int minSupport) {
            this.catalog = catalog;
            this.minSupport = minSupport;
            this.basketsOf = new int[Math.max(16, catalog.artistCount())];
        }

        /** A basket of catalog artist numbers (a public playlist's, or a listener's loved artists). */
        public Builder basket(int[] catalogArtists) {
            return add(Arrays.stream(catalogArtists).filter(a -> a >= 0 && a < catalog.artistCount()).sorted().distinct()
                    .toArray());
        }

        /** A basket of artist names (a public data set's listener): matched to catalog artists by normalised name. */
        public Builder namedBasket(List<String> artistNames) {
            int[] items = new int[artistNames.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = id(TrackNames.normalise(artistNames.get(i)));
            }
            return add(Arrays.stream(items).filter(a -> a >= 0).sorted().distinct().toArray());
        }

        private int id(String key) {
            if (key == null || key.isEmpty()) {
                return -1;
            }
            int a = catalog.artist(key);
            if (a >= 0) {
                return a;
            }
            return ids.computeIfAbsent(key, k -> catalog.artistCount() + ids.size());
        }

        private Builder add(int[] items) {
            if (items.length == 0) {
                return this;
            }
            basketCount++;
            int top = items[items.length - 1];
            if (top >= basketsOf.length) {
                basketsOf = Arrays.copyOf(basketsOf, Math.max(top + 1, basketsOf.length * 2));
            }
            int catalogArtists = catalog.artistCount();
            for (int x = 0; x < items.length; x++) {
                basketsOf[items[x]]++;
                for (int y = x + 1; y < items.length; y++) {
                    if (items[x] < catalogArtists || items[y] < catalogArtists) {
                        pairs.increment(((long) items[x] << 32) | items[y]);
                    }
                }
            }
            return this;
        }

        /**
         * Keeps, per artist, the {@code keep} catalog artists of highest similarity among the pairs that at least
         * {@code minSupport} baskets hold (a pair below it can never have that many besides the asker).
         */
        public ArtistCoListening build(int keep, double shrinkage, long builtAt) {
            int vocabulary = catalog.artistCount() + ids.size();
            int catalogArtists = catalog.artistCount();
            int[] rows = new int[vocabulary + 1];
            pairs.forEach((a, b, count) -> {
                if (count >= minSupport) {
                    if (b < catalogArtists) {
                        rows[a + 1]++;
                    }
                    if (a < catalogArtists) {
                        rows[b + 1]++;
                    }
                }
            });
            for (int i = 0; i < vocabulary; i++) {
                rows[i + 1] += rows[i];
            }
            int[] col = new int[rows[vocabulary]];
            int[] cnt = new int[rows[vocabulary]];
            int[] fill = Arrays.copyOf(rows, vocabulary);
            pairs.forEach((a, b, count) -> {
                if (count >= minSupport) {
                    if (b < catalogArtists) {
                        col[fill[a]] = b;
                        cnt[fill[a]++] = count;
                    }
                    if (a < catalogArtists) {
                        col[fill[b]] = a;
                        cnt[fill[b]++] = count;
                    }
                }
            });
            int[] kept = new int[vocabulary + 1];
            int total = 0;
            for (int i = 0; i < vocabulary; i++) {
                total += Math.min(keep, rows[i + 1] - rows[i]);
                kept[i + 1] = total;
            }
            int[] nb = new int[total];
            int[] sup = new int[total];
            int[] n = Arrays.copyOf(basketsOf, vocabulary);
            Integer[] order = new Integer[0];
            for (int i = 0; i < vocabulary; i++) {
                int from = rows[i];
                int len = rows[i + 1] - from;
                if (len == 0) {
                    continue;
                }
                if (order.length < len) {
                    order = new Integer[len];
                }
                for (int x = 0; x < len; x++) {
                    order[x] = from + x;
                }
                int a = i;
                Arrays.sort(order, 0, len, (x, y) -> {
                    int bySimilarity = Double.compare(similarity(cnt[y], n[a], n[col[y]], shrinkage),
                            similarity(cnt[x], n[a], n[col[x]], shrinkage));
                    return bySimilarity != 0 ? bySimilarity : Integer.compare(col[x], col[y]);
                });
                for (int x = 0, out = kept[i]; out < kept[i + 1]; x++, out++) {
                    nb[out] = col[order[x]];
                    sup[out] = cnt[order[x]];
                }
            }
            return new ArtistCoListening(Map.copyOf(ids), catalogArtists, kept, nb, sup, n, minSupport, shrinkage,
                    basketCount, builtAt);
        }
    }

    static double similarity(int both, int na, int nb, double shrinkage) {
        return both / (Math.sqrt((double) na * nb) + shrinkage);
    }

    /** The artist number of a normalised artist name: its catalog number, else its number here, else -1. */
    public int artist(CatalogIndex catalog, String key) {
        int a = catalog.artist(key);
        if (a >= 0) {
            return a < catalogArtists ? a : -1;
        }
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    public int neighboursStart(int artist) {
        return artist >= 0 && artist + 1 < offsets.length ? offsets[artist] : 0;
    }

    public int neighboursEnd(int artist) {
        return artist >= 0 && artist + 1 < offsets.length ? offsets[artist + 1] : 0;
    }

    /** The catalog artist of a neighbour entry. */
    public int neighbour(int position) {
        return neighbours[position];
    }

    /**
     * Baskets other than the asker's holding both artists of a neighbour entry, or 0 when fewer than
     * {@code minSupport} do (then the pair must not be used or named).
     */
    public int otherBaskets(int position, boolean askerHoldsBoth) {
        int others = support[position] - (askerHoldsBoth ? 1 : 0);
        return others >= minSupport ? others : 0;
    }

    /** The similarity of a neighbour entry without the asker's own basket; 0 below the support threshold. */
    public float similarity(int anchor, int position, boolean askerHoldsBoth) {
        int others = otherBaskets(position, askerHoldsBoth);
        if (others == 0) {
            return 0f;
        }
        int mine = askerHoldsBoth ? 1 : 0;
        return (float) similarity(others, baskets[anchor] - mine, baskets[neighbours[position]] - mine, shrinkage);
    }

    public int baskets() {
        return basketCount;
    }

    public int pairs() {
        return neighbours.length;
    }

    public long builtAt() {
        return builtAt;
    }

    public long estimatedBytes() {
        return 64L + 4L * offsets.length + 8L * neighbours.length + 4L * baskets.length + 64L * ids.size();
    }

    /** Unordered pair (a &lt; b, packed as a &lt;&lt; 32 | b) -> baskets holding both, open addressing. */
    private static final class PairCounts {
        private long[] keys = new long[1 << 12];
        private int[] counts = new int[1 << 12];
        private int size;

        void increment(long key) {
            int slot = find(key);
            if (keys[slot] == 0L) {
                if (size + 1 > keys.length / 8 * 7) {
                    grow();
                    slot = find(key);
                }
                keys[slot] = key;
                size++;
            }
            counts[slot]++;
        }

        private int find(long key) {
            int mask = keys.length - 1;
            long h = (key ^ (key >>> 33)) * 0xFF51AFD7ED558CCDL;   // MurmurHash3's finaliser, as in CoListening
            h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
            int slot = (int) (h ^ (h >>> 33)) & mask;
            while (keys[slot] != 0L && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0L) {
                    int slot = find(oldKeys[i]);
                    keys[slot] = oldKeys[i];
                    counts[slot] = oldCounts[i];
                }
            }
        }

        interface Visitor {
            void visit(int a, int b, int count);
        }

        void forEach(Visitor visitor) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0L) {
                    visitor.visit((int) (keys[i] >>> 32), (int) keys[i], counts[i]);
                }
            }
        }
    }
}
