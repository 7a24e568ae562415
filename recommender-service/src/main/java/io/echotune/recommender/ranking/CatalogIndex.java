package io.echotune.recommender.ranking;

import io.echotune.commons.music.TrackNames;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole track catalog in compact, immutable arrays: tracks are numbered by their Spotify id in sorted order, so an
 * int comparison is an id comparison and every tie breaks by id. Relations (track -> artists, genres, playlists and
 * back) are CSR arrays (an offsets array and a values array). Features are one float array, NaN where missing.
 * Built once per catalog version and swapped atomically; readers never see a half-built index.
 * <p>
 * Longer than our 600-line guide on purpose: about half of it is some fifty one-line accessors over the arrays, and
 * the rest is the one-pass build that numbers tracks, artists, genres and playlists together (every relation's CSR
 * uses the numbers the others assign, so splitting the build would hand half-built numberings between classes).
 * {@link Csr} is the one piece that stands alone and could move out when this grows.
 */
public final class CatalogIndex {

    private final long version;
    private final String[] ids;
    private final String[] names;
    private final String[] albums;
    private final float[] features;
    private final float[] rawFeatures;
    /** The scaled features again, one array per dimension: a whole-catalog scan of a few dimensions reads them in order. */
    private final float[][] featureColumns;
    /** Tracks with at least one unknown (NaN) feature. */
    private final int[] tracksMissingFeatures;
    private final byte[] popularity;
    private final byte[] explicit;
    private final int[] durationMs;
    /** Release year, 0 when unknown. */
    private final short[] releaseYears;

    private final Csr trackArtists;
    private final Csr artistTracks;
    private final String[] artistNames;
    private final Map<String, Integer> artistByKey;
    private final Csr artistGenres;
    private final Csr genreArtists;
    /** The artist table as loaded (normalised name -> tags), catalog tracks or not: what a play's artist is known by. */
    private final Map<String, List<String>> artistTable;

    private final Csr trackGenres;
    private final Csr genreTracks;
    private final String[] genreNames;
    private final Map<String, Integer> genreByName;
    private final String[] genreWords;   // per genre, its name's words as " hip hop " (wordKey)
    private final float[] genreIdf;
    private final float[] artistGenreNorm;
    private final Csr genreNeighbours;
    private final float[] genreNeighbourWeights;

    private final Csr trackPlaylists;
    private final Csr playlistTracks;
    private final String[] playlistIds;

    private final String[] sortedTitles;
    private final int[] titleTracks;
    private final int[] byPopularity;
    private final float[] trackGenreIdfSum;

    private CatalogIndex(Builder b, List<CatalogEntry> entries) {
        this.version = b.version;
        this.artistTable = Map.copyOf(b.artistGenres);
        int n = entries.size();
        ids = new String[n];
        names = new String[n];
        albums = new String[n];
        features = new float[n * FeatureSpace.DIMENSIONS];
        rawFeatures = new float[n * FeatureSpace.DIMENSIONS];
        popularity = new byte[n];
        explicit = new byte[n];
        durationMs = new int[n];
        releaseYears = new short[n];

        Map<String, Integer> artistIds = new HashMap<>();
        List<String> artistDisplay = new ArrayList<>();
        Map<String, Integer> genreIds = new HashMap<>();
        List<String> genreList = new ArrayList<>();
        Map<String, Integer> playlistIdMap = new HashMap<>();
        List<String> playlistList = new ArrayList<>();
        int[][] trackArtistLists = new int[n][];
        int[][] trackGenreLists = new int[n][];
        int[][] trackPlaylistLists = new int[n][];

        for (int t = 0; t < n; t++) {
            CatalogEntry e = entries.get(t);
            ids[t] = e.id();
            names[t] = e.name() == null ? "" : e.name();
            albums[t] = e.album();
            for (int d = 0; d < FeatureSpace.DIMENSIONS; d++) {
                features[t * FeatureSpace.DIMENSIONS + d] = FeatureSpace.scale(d, e.features()[d]);
                rawFeatures[t * FeatureSpace.DIMENSIONS + d] = (float) e.features()[d];
            }
            popularity[t] = (byte) (e.popularity() == null ? -1 : Math.max(0, Math.min(100, e.popularity())));
            explicit[t] = (byte) (e.explicit() == null ? -1 : e.explicit() ? 1 : 0);
            durationMs[t] = e.durationMs() == null ? 0 : (int) Math.min(Integer.MAX_VALUE, e.durationMs());
            releaseYears[t] = e.releaseYear() == null || e.releaseYear() <= 0 || e.releaseYear() > Short.MAX_VALUE
                    ? 0 : e.releaseYear().shortValue();
            List<Integer> as = new ArrayList<>();
            for (String artist : e.artists()) {
                String key = TrackNames.normalise(artist);
                if (key == null || key.isEmpty()) {
                    continue;
                }
                Integer id = artistIds.get(key);
                if (id == null) {
                    id = artistDisplay.size();
                    artistIds.put(key, id);
                    artistDisplay.add(artist.strip());
                }
                if (!as.contains(id)) {
                    as.add(id);
                }
            }
            trackArtistLists[t] = as.stream().mapToInt(Integer::intValue).toArray();
            trackGenreLists[t] = intern(e.genres(), genreIds, genreList);
            trackPlaylistLists[t] = intern(e.playlists(), playlistIdMap, playlistList);
        }
        trackArtists = Csr.of(trackArtistLists);
        artistNames = artistDisplay.toArray(String[]::new);
        artistByKey = Map.copyOf(artistIds);
        artistTracks = trackArtists.transpose(artistNames.length);

        // An artist's genres: its tags in the artist table where it has any, else the union of its tracks' tags.
        int[][] artistGenreLists = new int[artistNames.length][];
        for (int a = 0; a < artistNames.length; a++) {
            List<String> tags = b.artistGenres.get(TrackNames.normalise(artistNames[a]));
            if (tags != null && !tags.isEmpty()) {
                artistGenreLists[a] = intern(tags, genreIds, genreList);
            } else {
                Set<Integer> union = new LinkedHashSet<>();
                for (int i = artistTracks.start(a); i < artistTracks.end(a); i++) {
                    int track = artistTracks.value(i);
                    for (int j = 0; j < trackGenreLists[track].length; j++) {
                        union.add(trackGenreLists[track][j]);
                    }
                }
                artistGenreLists[a] = union.stream().mapToInt(Integer::intValue).sorted().toArray();
            }
        }
        trackGenres = Csr.of(trackGenreLists);
        artistGenres = Csr.of(artistGenreLists);
        genreNames = genreList.toArray(String[]::new);
        genreByName = Map.copyOf(genreIds);
        genreWords = new String[genreNames.length];
        for (int g = 0; g < genreNames.length; g++) {
            genreWords[g] = wordKey(genreNames[g]);
        }
        genreTracks = trackGenres.transpose(genreNames.length);
        genreArtists = artistGenres.transpose(genreNames.length);
        genreIdf = new float[genreNames.length];
        for (int g = 0; g < genreNames.length; g++) {
            int df = genreArtists.size(g) + genreTracks.size(g);
            genreIdf[g] = (float) Math.log(1 + (double) (artistNames.length + n) / (1 + df));
        }
        artistGenreNorm = new float[artistNames.length];
        for (int a = 0; a < artistNames.length; a++) {
            double sum = 0;
            for (int i = artistGenres.start(a); i < artistGenres.end(a); i++) {
                double idf = genreIdf[artistGenres.value(i)];
                sum += idf * idf;
            }
            artistGenreNorm[a] = (float) Math.sqrt(sum);
        }
        float[][] neighbourWeights = new float[genreNames.length][];
        genreNeighbours = genreCooccurrence(artistGenreLists, trackGenreLists, genreNames.length, neighbourWeights);
        genreNeighbourWeights = flatten(genreNeighbours, neighbourWeights);

        trackPlaylists = Csr.of(trackPlaylistLists);
        playlistIds = playlistList.toArray(String[]::new);
        playlistTracks = trackPlaylists.transpose(playlistIds.length);

        featureColumns = new float[FeatureSpace.DIMENSIONS][n];
        List<Integer> missing = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            boolean anyMissing = false;
            for (int d = 0; d < FeatureSpace.DIMENSIONS; d++) {
                featureColumns[d][t] = features[t * FeatureSpace.DIMENSIONS + d];
                anyMissing |= Float.isNaN(featureColumns[d][t]);
            }
            if (anyMissing) {
                missing.add(t);
            }
        }
        tracksMissingFeatures = missing.stream().mapToInt(Integer::intValue).toArray();

        trackGenreIdfSum = new float[n];
        for (int t = 0; t < n; t++) {
            float sum = 0;
            for (int i = trackGenres.start(t); i < trackGenres.end(t); i++) {
                sum += genreIdf[trackGenres.value(i)];
            }
            trackGenreIdfSum[t] = sum;
        }
        Integer[] byPop = new Integer[n];
        for (int t = 0; t < n; t++) {
            byPop[t] = t;
        }
        Arrays.sort(byPop, (x, y) -> popularity[x] != popularity[y] ? Integer.compare(popularity[y], popularity[x])
                : Integer.compare(x, y));
        byPopularity = Arrays.stream(byPop).mapToInt(Integer::intValue).toArray();

        Integer[] order = new Integer[n];
        String[] normalisedTitles = new String[n];
        for (int t = 0; t < n; t++) {
            order[t] = t;
            normalisedTitles[t] = TrackNames.normalise(names[t]);
        }
        Arrays.sort(order, Comparator.<Integer, String>comparing(t -> normalisedTitles[t]).thenComparingInt(t -> t));
        sortedTitles = new String[n];
        titleTracks = new int[n];
        for (int i = 0; i < n; i++) {
            sortedTitles[i] = normalisedTitles[order[i]];
            titleTracks[i] = order[i];
        }
    }

    private static int[] intern(List<String> values, Map<String, Integer> ids, List<String> list) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            Integer id = ids.get(v);
            if (id == null) {
                id = list.size();
                ids.put(v, id);
                list.add(v);
            }
            out.add(id);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Genre -> genres that are tagged together on the same artists and tracks (cosine of co-occurrence), top 10. */
    private static Csr genreCooccurrence(int[][] artistGenreLists, int[][] trackGenreLists, int genres,
                                         float[][] weightsOut) {
        int[] count = new int[genres];
        long pairs = 0;
        for (int[][] lists : List.of(artistGenreLists, trackGenreLists)) {
            for (int[] list : lists) {
                int len = Math.min(list.length, 24);
                pairs += (long) len * (len - 1);
            }
        }
        // ordered pairs as longs (a << 32 | b), sorted and counted: no boxing, one pass
        long[] keys = new long[(int) pairs];
        int k = 0;
        for (int[][] lists : List.of(artistGenreLists, trackGenreLists)) {
            for (int[] list : lists) {
                int len = Math.min(list.length, 24);
                for (int i = 0; i < len; i++) {
                    count[list[i]]++;
                    for (int j = 0; j < len; j++) {
                        if (i != j && list[i] != list[j]) {
                            keys[k++] = ((long) list[i] << 32) | list[j];
                        }
                    }
                }
            }
        }
        Arrays.sort(keys, 0, k);
        int[][] lists = new int[genres][];
        List<float[]> row = new ArrayList<>();
        int current = -1;
        for (int i = 0; i <= k; i++) {
            int a = i < k ? (int) (keys[i] >>> 32) : genres;
            if (a != current) {
                if (current >= 0) {
                    finishRow(current, row, lists, weightsOut);
                }
                for (int g = current + 1; g < a && g < genres; g++) {
                    lists[g] = new int[0];
                    weightsOut[g] = new float[0];
                }
                current = a;
                row.clear();
                if (i == k) {
                    break;
                }
            }
            int j = i;
            while (j < k && keys[j] == keys[i]) {
                j++;
            }
            int b = (int) keys[i];
            int c = j - i;
            if (c >= 2) {
                float sim = (float) (c / (Math.sqrt((double) count[a] * count[b]) + 2.0));
                if (sim >= 0.1f) {
                    row.add(new float[] {b, sim});
                }
            }
            i = j - 1;
        }
        return Csr.of(lists);
    }

    private static void finishRow(int g, List<float[]> row, int[][] lists, float[][] weightsOut) {
        row.sort((x, y) -> x[1] != y[1] ? Float.compare(y[1], x[1]) : Float.compare(x[0], y[0]));
        int k = Math.min(10, row.size());
        lists[g] = new int[k];
        weightsOut[g] = new float[k];
        for (int i = 0; i < k; i++) {
            lists[g][i] = (int) row.get(i)[0];
            weightsOut[g][i] = row.get(i)[1];
        }
    }

    private static float[] flatten(Csr csr, float[][] rows) {
        float[] out = new float[csr.values.length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, csr.start(r), rows[r].length);
        }
        return out;
    }

    public static Builder builder(long version) {
        return new Builder(version);
    }

    /** Collects entries in any order; {@link #build()} numbers tracks by sorted id (the first entry of an id wins). */
    public static final class Builder {
        private final long version;
        private final Map<String, CatalogEntry> entries = new HashMap<>();
        private final Map<String, List<String>> artistGenres = new HashMap<>();
        private final Map<String, String> tagNames = new HashMap<>();

        private Builder(long version) {
            this.version = version;
        }

        public Builder add(CatalogEntry entry) {
            if (entry.id() != null) {
                entries.putIfAbsent(entry.id(), entry);
            }
            return this;
        }

        /** An artist table row: genre tags by normalised artist name. */
        public Builder artistGenres(String artistKey, List<String> genres) {
            if (artistKey != null && genres != null && !genres.isEmpty()) {
                // one String per tag: the table repeats a few thousand tags over tens of thousands of artists
                List<String> tags = genres.stream().map(g -> tagNames.computeIfAbsent(g, k -> k)).toList();
                artistGenres.merge(artistKey, tags, (a, b) -> {
                    Set<String> union = new LinkedHashSet<>(a);
                    union.addAll(b);
                    return List.copyOf(union);
                });
            }
            return this;
        }

        public CatalogIndex build() {
            List<CatalogEntry> sorted = new ArrayList<>(entries.values());
            sorted.sort(Comparator.comparing(CatalogEntry::id));
            return new CatalogIndex(this, sorted);
        }
    }

    // ---- tracks

    public long version() {
        return version;
    }

    public int size() {
        return ids.length;
    }

    public String id(int track) {
        return ids[track];
    }

    /** The track number of a Spotify id, or -1. */
    public int track(String id) {
        int i = Arrays.binarySearch(ids, id);
        return i >= 0 ? i : -1;
    }

    /** An artist's tags in the artist table, by normalised name; empty when the table has none. */
    public List<String> artistTableGenres(String artistKey) {
        return artistTable.getOrDefault(artistKey, List.of());
    }

    public String name(int track) {
        return names[track];
    }

    public String album(int track) {
        return albums[track];
    }

    /** Scaled feature (0..1) or NaN. */
    public float feature(int track, int dimension) {
        return features[track * FeatureSpace.DIMENSIONS + dimension];
    }

    /** One dimension's scaled feature of every track, by track number (shared: never written to). */
    float[] featureColumn(int dimension) {
        return featureColumns[dimension];
    }

    /** The tracks with at least one unknown feature, ascending (shared: never written to). */
    int[] tracksMissingFeatures() {
        return tracksMissingFeatures;
    }

    /** The raw value (ratio, BPM, dB) as stored (float precision), or NaN. */
    public double rawFeature(int track, int dimension) {
        return rawFeatures[track * FeatureSpace.DIMENSIONS + dimension];
    }

    /** 0..100, or -1 when unknown. */
    public int popularity(int track) {
        return popularity[track];
    }

    /** True, false, or null when unknown. */
    public Boolean explicit(int track) {
        return explicit[track] < 0 ? null : explicit[track] == 1;
    }

    /** Milliseconds, 0 when unknown. */
    public int durationMs(int track) {
        return durationMs[track];
    }

    /** The year the track's album was released, 0 when the catalog does not say. */
    public int releaseYear(int track) {
        return releaseYears[track];
    }

    public Csr trackArtists() {
        return trackArtists;
    }

    public Csr trackGenres() {
        return trackGenres;
    }

    public Csr trackPlaylists() {
        return trackPlaylists;
    }

    public List<String> artistNamesOf(int track) {
        List<String> out = new ArrayList<>(trackArtists.size(track));
        for (int i = trackArtists.start(track); i < trackArtists.end(track); i++) {
            out.add(artistNames[trackArtists.value(i)]);
        }
        return out;
    }

    public List<String> genreNamesOf(int track) {
        List<String> out = new ArrayList<>(trackGenres.size(track));
        for (int i = trackGenres.start(track); i < trackGenres.end(track); i++) {
            out.add(genreNames[trackGenres.value(i)]);
        }
        return out;
    }

    /** Track numbers by popularity, most popular first (unknown popularity last), ties by number. */
    public int byPopularity(int rank) {
        return byPopularity[rank];
    }

    /** The sum of the idf of the track's genres (the denominator of idf-weighted genre averages). */
    public float trackGenreIdfSum(int track) {
        return trackGenreIdfSum[track];
    }

    /** Tracks whose normalised title is exactly this one's, in id order. */
    public int[] tracksTitled(String title) {
        String key = TrackNames.normalise(title);
        if (key == null) {
            return new int[0];
        }
        int lo = 0;
        int hi = sortedTitles.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedTitles[mid].compareTo(key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int end = lo;
        while (end < sortedTitles.length && sortedTitles[end].equals(key)) {
            end++;
        }
        return Arrays.copyOfRange(titleTracks, lo, end);
    }

    // ---- artists

    public int artistCount() {
        return artistNames.length;
    }

    /** The catalog artist of a normalised name, or -1. */
    public int artist(String normalisedName) {
        Integer a = normalisedName == null ? null : artistByKey.get(normalisedName);
        return a == null ? -1 : a;
    }

    public String artistName(int artist) {
        return artistNames[artist];
    }

    public Csr artistTracks() {
        return artistTracks;
    }

    public Csr artistGenres() {
        return artistGenres;
    }

    /** sqrt of the sum of squared idf of the artist's genres (the norm of its idf-weighted genre vector). */
    public float artistGenreNorm(int artist) {
        return artistGenreNorm[artist];
    }

    // ---- genres

    public int genreCount() {
        return genreNames.length;
    }

    public int genre(String name) {
        Integer g = name == null ? null : genreByName.get(name);
        return g == null ? -1 : g;
    }

    /**
     * A genre name's words, lower-cased, between single spaces (" hip hop "): the spellings of one genre
     * ("hip-hop", "Hip Hop") get one key, and a subgenre's key contains its genre's (" southern hip hop ").
     */
    public static String wordKey(String name) {
        StringBuilder key = new StringBuilder(" ");
        for (String word : name.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                key.append(word).append(' ');
            }
        }
        return key.toString();
    }

    /** The genre's {@link #wordKey}. */
    public String genreWords(int genre) {
        return genreWords[genre];
    }

    /**
     * The genres whose name holds the words of {@code name} in order, however spelled: for "hip-hop", "hip-hop",
     * "hip hop" and "southern hip hop"; for "rock", "rock", "hard rock" and "indie rock". Ascending.
     */
    public int[] genresContaining(String name) {
        String key = wordKey(name);
        if (key.isBlank()) {
            return new int[0];
        }
        int[] out = new int[8];
        int size = 0;
        for (int g = 0; g < genreWords.length; g++) {
            if (genreWords[g].contains(key)) {
                if (size == out.length) {
                    out = java.util.Arrays.copyOf(out, 2 * size);
                }
                out[size++] = g;
            }
        }
        return java.util.Arrays.copyOf(out, size);
    }

    public String genreName(int genre) {
        return genreNames[genre];
    }

    public Csr genreTracks() {
        return genreTracks;
    }

    public Csr genreArtists() {
        return genreArtists;
    }

    /** log(1 + (artists + tracks) / (1 + artists and tracks tagged g)): rare tags say more. */
    public float genreIdf(int genre) {
        return genreIdf[genre];
    }

    public Csr genreNeighbours() {
        return genreNeighbours;
    }

    public float genreNeighbourWeight(int position) {
        return genreNeighbourWeights[position];
    }

    // ---- playlists

    public int playlistCount() {
        return playlistIds.length;
    }

    public String playlistId(int playlist) {
        return playlistIds[playlist];
    }

    public Csr playlistTracks() {
        return playlistTracks;
    }

    /** Public playlists holding both tracks. */
    public int sharedPlaylists(int a, int b) {
        return trackPlaylists.intersectionSize(a, b);
    }

    /** An estimate of the heap the index holds, in bytes (arrays exactly, strings and maps approximately). */
    public long estimatedBytes() {
        long bytes = 0;
        bytes += strings(ids) + strings(names) + strings(albums) + strings(artistNames) + strings(genreNames)
                + strings(playlistIds) + strings(sortedTitles);
        bytes += 32L + 12L * features.length + 16L * FeatureSpace.DIMENSIONS + 16L + 4L * tracksMissingFeatures.length
                + 2 * (16L + popularity.length) + 16L + 4L * durationMs.length + 16L + 2L * releaseYears.length;
        bytes += trackArtists.bytes() + artistTracks.bytes() + artistGenres.bytes() + genreArtists.bytes()
                + trackGenres.bytes() + genreTracks.bytes() + genreNeighbours.bytes() + trackPlaylists.bytes()
                + playlistTracks.bytes();
        bytes += 16L + 4L * genreIdf.length + 16L + 4L * artistGenreNorm.length + 16L + 4L * genreNeighbourWeights.length + 16L + 4L * titleTracks.length + 16L + 4L * byPopularity.length + 16L + 4L * trackGenreIdfSum.length;
        // HashMap entries (about 48 bytes each with the boxed Integer); the keys are counted with the names above
        bytes += 48L * (artistByKey.size() + genreByName.size()) + strings(artistByKey.keySet().toArray(String[]::new))
                + strings(genreWords);
        // the artist table: map entry, key and a list of references to shared tag strings
        bytes += strings(artistTable.keySet().toArray(String[]::new));
        for (List<String> tags : artistTable.values()) {
            bytes += 48L + 16L + 8L * tags.size();
        }
        return bytes;
    }

    private static long strings(String[] values) {
        long bytes = 16L + 4L * values.length;
        for (String s : values) {
            if (s != null) {
                bytes += 24 + 16 + s.length();   // compact (Latin-1) strings: one byte a character for most names
            }
        }
        return bytes;
    }

    /** Compressed sparse rows: row r holds {@code values[offsets[r] .. offsets[r+1])}. */
    public static final class Csr {
        private final int[] offsets;
        private final int[] values;

        private Csr(int[] offsets, int[] values) {
            this.offsets = offsets;
            this.values = values;
        }

        static Csr of(int[][] rows) {
            int[] offsets = new int[rows.length + 1];
            for (int r = 0; r < rows.length; r++) {
                offsets[r + 1] = offsets[r] + rows[r].length;
            }
            int[] values = new int[offsets[rows.length]];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(rows[r], 0, values, offsets[r], rows[r].length);
            }
            return new Csr(offsets, values);
        }

        /** Columns become rows; each new row lists the old rows in ascending order. */
        Csr transpose(int columns) {
            int[] counts = new int[columns + 1];
            for (int v : values) {
                counts[v + 1]++;
            }
            for (int c = 0; c < columns; c++) {
                counts[c + 1] += counts[c];
            }
            int[] out = new int[values.length];
            int[] fill = Arrays.copyOf(counts, columns);
            for (int r = 0; r + 1 < offsets.length; r++) {
                for (int i = offsets[r]; i < offsets[r + 1]; i++) {
                    out[fill[values[i]]++] = r;
                }
            }
            return new Csr(counts, out);
        }

        public int rows() {
            return offsets.length - 1;
        }

        public int start(int row) {
            return offsets[row];
        }

        public int end(int row) {
            return offsets[row + 1];
        }

        public int size(int row) {
            return offsets[row + 1] - offsets[row];
        }

        public int value(int position) {
            return values[position];
        }

        public boolean contains(int row, int value) {
            for (int i = offsets[row]; i < offsets[row + 1]; i++) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }

        /** Values two rows share (rows are short: a linear scan is cheapest). */
        public int intersectionSize(int a, int b) {
            int shared = 0;
            for (int i = offsets[a]; i < offsets[a + 1]; i++) {
                if (contains(b, values[i])) {
                    shared++;
                }
            }
            return shared;
        }

        long bytes() {
            return 32L + 4L * offsets.length + 4L * values.length;
        }
    }
}
