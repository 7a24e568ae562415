package io.echotune.recommender.ranking;

import io.echotune.commons.music.TrackNames;
import io.echotune.recommender.FeedbackSignal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's taste, resolved against one catalog version for ranking: compact sorted arrays of catalog numbers, affinities
 * in -1..1, the feature centre and spread of what they love, time-of-day centres and the effect of their feedback
 * (docs/recommender.md, "Taste profile"). Immutable; derived from a {@link TasteAccumulator} and the feedback list.
 */
public final class TasteProfile {

    /** The latest feedback on one track. */
    public record Mark(String trackId, FeedbackSignal signal, long at) {
    }

    /** An artist the user plays, with the facts explanations quote. {@code catalogArtist} is -1 outside the catalog. */
    public record ArtistTaste(String key, String name, int catalogArtist, float affinity, int streams, int[] genres) {
    }

    static final float SPREAD_FLOOR = 0.08f;
    private static final int[] EMPTY = new int[0];
    private static final int TOP_ARTISTS = 20;

    private final long reference;
    private final long musicPlays;
    private final int[] knownTracks;
    private final float[] trackAffinity;
    private final int[] trackStreams;
    private final long[] lastPlayed;
    private final long[] firstPlayed;
    private final int[][] recentDays;
    private final int maxStreams;
    private final PlayedTracks played;
    private final int[] artistIds;
    private final float[] artistAffinity;
    private final int[] artistStreams;
    private final List<ArtistTaste> topArtists;
    private final Map<String, ArtistTaste> artistsByKey;
    private final float[] genreAffinity;
    private final int[] genreStreams;
    private final float[] centre;
    private final float[] spread;
    private final float[][] contextCentres;
    private final int[] contextPlays;
    private final int[] excluded;
    private final int[] liked;
    private final int[] loved;
    private final Map<Integer, Mark> marks;
    /** Derived facts that depend on this profile alone (the ranker's artist neighbours), computed on first use. */
    private volatile Derived neighbours;

    private record Derived(CatalogIndex catalog, Object value) {
    }

    private TasteProfile(Builder b) {
        reference = b.reference;
        musicPlays = b.musicPlays;
        knownTracks = b.knownTracks;
        trackAffinity = b.trackAffinity;
        trackStreams = b.trackStreams;
        lastPlayed = b.lastPlayed;
        firstPlayed = b.firstPlayed;
        recentDays = b.recentDays;
        maxStreams = b.maxStreams;
        played = b.played;
        artistIds = b.artistIds;
        artistAffinity = b.artistAffinity;
        artistStreams = b.artistStreams;
        topArtists = List.copyOf(b.topArtists);
        artistsByKey = Map.copyOf(b.artistsByKey);
        genreAffinity = b.genreAffinity;
        genreStreams = b.genreStreams;
        centre = b.centre;
        spread = b.spread;
        contextCentres = b.contextCentres;
        contextPlays = b.contextPlays;
        excluded = b.excluded;
        liked = b.liked;
        loved = b.loved;
        marks = Map.copyOf(b.marks);
    }

    private static final class Builder {
        long reference;
        long musicPlays;
        int[] knownTracks = new int[0];
        float[] trackAffinity = new float[0];
        int[] trackStreams = new int[0];
        long[] lastPlayed = new long[0];
        long[] firstPlayed = new long[0];
        int[][] recentDays = new int[0][];
        int maxStreams;
        PlayedTracks played = PlayedTracks.NONE;
        int[] artistIds = new int[0];
        float[] artistAffinity = new float[0];
        int[] artistStreams = new int[0];
        List<ArtistTaste> topArtists = List.of();
        Map<String, ArtistTaste> artistsByKey = Map.of();
        float[] genreAffinity;
        int[] genreStreams;
        float[] centre;
        float[] spread;
        float[][] contextCentres = new float[TasteAccumulator.BUCKETS.size()][];
        int[] contextPlays = new int[TasteAccumulator.BUCKETS.size()];
        int[] excluded = new int[0];
        int[] liked = new int[0];
        int[] loved = new int[0];
        Map<Integer, Mark> marks = Map.of();
    }

    /** No history and no feedback: ranking falls back on context, the request and popularity. */
    public static TasteProfile empty(CatalogIndex catalog) {
        Builder b = new Builder();
        b.genreAffinity = new float[catalog.genreCount()];
        b.genreStreams = new int[catalog.genreCount()];
        b.centre = new float[FeatureSpace.DIMENSIONS];
        b.spread = new float[FeatureSpace.DIMENSIONS];
        Arrays.fill(b.centre, Float.NaN);
        Arrays.fill(b.spread, Float.NaN);
        return new TasteProfile(b);
    }

    /**
     * @param lovedTracks how many tracks the co-listening model may see as this user's loved ones
     */
    public static TasteProfile derive(TasteAccumulator acc, List<Mark> feedback, CatalogIndex catalog, int lovedTracks) {
        Builder b = new Builder();
        b.reference = acc.reference();
        b.musicPlays = acc.musicPlays();

        // tracks: log-damped engagement (repeats count, with diminishing returns), skips against
        Map<String, TasteAccumulator.TrackStats> tracks = acc.tracks();
        List<int[]> known = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<TasteAccumulator.TrackStats> stats = new ArrayList<>();
        double maxRaw = 0;
        for (Map.Entry<String, TasteAccumulator.TrackStats> e : tracks.entrySet()) {
            int t = catalog.track(e.getKey());
            if (t < 0) {
                continue;
            }
            double r = Math.log1p(e.getValue().positive) - Math.log1p(2 * e.getValue().negative);
            known.add(new int[] {t, raw.size()});
            raw.add(r);
            stats.add(e.getValue());
            maxRaw = Math.max(maxRaw, r);
            b.maxStreams = Math.max(b.maxStreams, e.getValue().streams);
        }
        // the tracks outside the catalog are the listener's tracks too: their affinity is over the highest of all the
        // listener's tracks; the catalog tracks' stays over the catalog ones' (what co-listening and balanced rank by)
        Map<String, TasteAccumulator.TrackStats> outside = acc.outside();
        double[] outsideRaw = new double[outside.size()];
        double maxAll = maxRaw;
        int o = 0;
        for (TasteAccumulator.TrackStats s : outside.values()) {
            outsideRaw[o] = Math.log1p(s.positive) - Math.log1p(2 * s.negative);
            maxAll = Math.max(maxAll, outsideRaw[o++]);
            b.maxStreams = Math.max(b.maxStreams, s.streams);
        }
        known.sort(Comparator.comparingInt(x -> x[0]));
        int k = known.size();
        b.knownTracks = new int[k];
        b.trackAffinity = new float[k];
        b.trackStreams = new int[k];
        b.lastPlayed = new long[k];
        b.firstPlayed = new long[k];
        b.recentDays = new int[k][];
        for (int i = 0; i < k; i++) {
            int[] kv = known.get(i);
            b.knownTracks[i] = kv[0];
            b.trackAffinity[i] = (float) Math.max(-1, maxRaw > 0 ? raw.get(kv[1]) / maxRaw : 0);
            b.trackStreams[i] = stats.get(kv[1]).streams;
            b.lastPlayed[i] = stats.get(kv[1]).lastPlayedAt;
            b.firstPlayed[i] = stats.get(kv[1]).firstPlayedAt;
            b.recentDays[i] = stats.get(kv[1]).recentDays;
        }
        float[] outsideAffinity = new float[outsideRaw.length];
        for (int i = 0; i < outsideRaw.length; i++) {
            outsideAffinity[i] = (float) Math.max(-1, maxAll > 0 ? outsideRaw[i] / maxAll : 0);
        }

        // artists (catalog ones in a sorted array; the top ones, in or out of the catalog, as anchors)
        Map<String, TasteAccumulator.ArtistStats> artists = acc.artists();
        double maxArtist = 0;
        Map<String, Double> artistRaw = new HashMap<>();
        for (Map.Entry<String, TasteAccumulator.ArtistStats> e : artists.entrySet()) {
            double r = Math.log1p(e.getValue().positive) - 0.5 * Math.log1p(e.getValue().negative);
            artistRaw.put(e.getKey(), r);
            maxArtist = Math.max(maxArtist, r);
        }
        Map<Integer, float[]> catalogArtists = new HashMap<>();
        List<ArtistTaste> all = new ArrayList<>();
        Map<String, ArtistTaste> byKey = new HashMap<>();
        for (Map.Entry<String, TasteAccumulator.ArtistStats> e : artists.entrySet()) {
            float aff = (float) Math.max(-1, maxArtist > 0 ? artistRaw.get(e.getKey()) / maxArtist : 0);
            int a = catalog.artist(e.getKey());
            int[] genres = e.getValue().genres.stream().mapToInt(catalog::genre).filter(g -> g >= 0).distinct().toArray();
            ArtistTaste taste = new ArtistTaste(e.getKey(), e.getValue().name, a, aff, e.getValue().streams, genres);
            all.add(taste);
            byKey.put(e.getKey(), taste);
            if (a >= 0) {
                catalogArtists.merge(a, new float[] {aff, e.getValue().streams},
                        (x, y) -> new float[] {Math.max(x[0], y[0]), x[1] + y[1]});
            }
        }
        all.sort((x, y) -> x.affinity() != y.affinity() ? Float.compare(y.affinity(), x.affinity()) : x.key().compareTo(y.key()));
        b.topArtists = all.subList(0, Math.min(TOP_ARTISTS, all.size())).stream().filter(a -> a.affinity() > 0).toList();
        b.artistsByKey = byKey;
        b.played = PlayedTracks.of(catalog, outside, outsideAffinity, byKey, outsideFeedback(feedback, catalog));
        int[] ids = catalogArtists.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        b.artistIds = ids;
        b.artistAffinity = new float[ids.length];
        b.artistStreams = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b.artistAffinity[i] = catalogArtists.get(ids[i])[0];
            b.artistStreams[i] = (int) catalogArtists.get(ids[i])[1];
        }

        // genres: log-damped weight over the strongest genre, then spread a little to neighbouring genres
        b.genreAffinity = new float[catalog.genreCount()];
        b.genreStreams = new int[catalog.genreCount()];
        double maxGenre = 0;
        for (TasteAccumulator.GenreStats g : acc.genres().values()) {
            maxGenre = Math.max(maxGenre, Math.log1p(g.positive));
        }
        float[] own = new float[catalog.genreCount()];
        for (Map.Entry<String, TasteAccumulator.GenreStats> e : acc.genres().entrySet()) {
            int g = catalog.genre(e.getKey());
            if (g >= 0 && maxGenre > 0) {
                own[g] = (float) (Math.log1p(e.getValue().positive) / maxGenre);
                b.genreStreams[g] = e.getValue().streams;
            }
        }
        CatalogIndex.Csr nb = catalog.genreNeighbours();
        for (int g = 0; g < own.length; g++) {
            double spreadIn = 0;
            for (int i = nb.start(g); i < nb.end(g); i++) {
                spreadIn += catalog.genreNeighbourWeight(i) * own[nb.value(i)];
            }
            b.genreAffinity[g] = (float) Math.min(1, Math.max(own[g], own[g] + 0.5 * spreadIn));
        }

        // feature centre and spread of what they love, overall and per time of day / part of week
        b.centre = centre(acc.features());
        b.spread = spread(acc.features(), b.centre);
        for (int c = 0; c < TasteAccumulator.BUCKETS.size(); c++) {
            b.contextCentres[c] = centre(acc.context(c));
            b.contextPlays[c] = acc.context(c).plays;
        }

        // feedback: dislike and skip take a track out; like and save make it (and a little of its artists) loved
        Map<Integer, Mark> marks = new HashMap<>();
        Set<Integer> excluded = new java.util.TreeSet<>();
        Set<Integer> liked = new java.util.TreeSet<>();
        for (Mark m : feedback) {
            int t = catalog.track(m.trackId());
            if (t < 0) {
                continue;
            }
            Mark previous = marks.get(t);
            if (previous == null || m.at() >= previous.at()) {
                marks.put(t, m);
            }
        }
        for (Map.Entry<Integer, Mark> e : marks.entrySet()) {
            switch (e.getValue().signal()) {
                case DISLIKE, SKIP -> excluded.add(e.getKey());
                case LIKE, SAVE -> liked.add(e.getKey());
            }
        }
        b.marks = marks;
        b.excluded = excluded.stream().mapToInt(Integer::intValue).toArray();
        b.liked = liked.stream().mapToInt(Integer::intValue).toArray();
        applyFeedbackToArtists(b, catalog);

        // loved: liked tracks first, then the highest affinities (ties by id)
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        final float[] aff = b.trackAffinity;
        final int[] kt = b.knownTracks;
        Arrays.sort(order, (x, y) -> aff[x] != aff[y] ? Float.compare(aff[y], aff[x]) : Integer.compare(kt[x], kt[y]));
        Set<Integer> lovedSet = new LinkedHashSet<>();
        for (int t : b.liked) {
            lovedSet.add(t);
        }
        for (int i = 0; i < k && lovedSet.size() < lovedTracks; i++) {
            if (aff[order[i]] > 0 && !excluded.contains(kt[order[i]])) {
                lovedSet.add(kt[order[i]]);
            }
        }
        b.loved = lovedSet.stream().mapToInt(Integer::intValue).toArray();
        return new TasteProfile(b);
    }

    /** The latest feedback on tracks the catalog does not hold, by track key ({@code spotify:track:<id>} or name key). */
    private static Map<String, FeedbackSignal> outsideFeedback(List<Mark> feedback, CatalogIndex catalog) {
        Map<String, Mark> latest = new HashMap<>();
        for (Mark m : feedback) {
            if (catalog.track(m.trackId()) < 0) {
                io.echotune.commons.music.TrackRefs.parse(m.trackId()).ifPresent(ref -> latest.merge(
                        io.echotune.commons.music.TrackRefs.trackKey(ref), m, (x, y) -> y.at() >= x.at() ? y : x));
            }
        }
        Map<String, FeedbackSignal> out = new HashMap<>();
        latest.forEach((key, m) -> out.put(key, m.signal()));
        return out;
    }

    /** A like or save lifts the track's artists a little; a dislike lowers them. */
    private static void applyFeedbackToArtists(Builder b, CatalogIndex catalog) {
        if (b.marks.isEmpty()) {
            return;
        }
        Map<Integer, Float> delta = new HashMap<>();
        for (Map.Entry<Integer, Mark> e : b.marks.entrySet()) {
            float d = switch (e.getValue().signal()) {
                case LIKE -> 0.3f;
                case SAVE -> 0.4f;
                case DISLIKE -> -0.5f;
                case SKIP -> -0.1f;
            };
            CatalogIndex.Csr ta = catalog.trackArtists();
            for (int i = ta.start(e.getKey()); i < ta.end(e.getKey()); i++) {
                delta.merge(ta.value(i), d, Float::sum);
            }
        }
        Map<Integer, float[]> merged = new HashMap<>();
        for (int i = 0; i < b.artistIds.length; i++) {
            merged.put(b.artistIds[i], new float[] {b.artistAffinity[i], b.artistStreams[i]});
        }
        delta.forEach((a, d) -> merged.compute(a, (key, v) -> v == null ? new float[] {Math.max(-1, Math.min(1, d)), 0}
                : new float[] {Math.max(-1, Math.min(1, v[0] + d)), v[1]}));
        int[] ids = merged.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        b.artistIds = ids;
        b.artistAffinity = new float[ids.length];
        b.artistStreams = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b.artistAffinity[i] = merged.get(ids[i])[0];
            b.artistStreams[i] = (int) merged.get(ids[i])[1];
        }
    }

    private static float[] centre(TasteAccumulator.FeatureSums sums) {
        float[] c = new float[FeatureSpace.DIMENSIONS];
        for (int d = 0; d < c.length; d++) {
            c[d] = sums.weight[d] > 1e-9 ? (float) (sums.sum[d] / sums.weight[d]) : Float.NaN;
        }
        return c;
    }

    private static float[] spread(TasteAccumulator.FeatureSums sums, float[] centre) {
        float[] s = new float[FeatureSpace.DIMENSIONS];
        for (int d = 0; d < s.length; d++) {
            if (Float.isNaN(centre[d])) {
                s[d] = Float.NaN;
            } else {
                double variance = sums.squares[d] / sums.weight[d] - (double) centre[d] * centre[d];
                s[d] = (float) Math.max(SPREAD_FLOOR, Math.sqrt(Math.max(0, variance)));
            }
        }
        return s;
    }

    // ---- reads

    public boolean isEmpty() {
        return knownTracks.length == 0 && played.size() == 0 && artistIds.length == 0 && !hasCentre() && marks.isEmpty()
                && topArtists.isEmpty();
    }

    public long reference() {
        return reference;
    }

    public long musicPlays() {
        return musicPlays;
    }

    private int knownPosition(int track) {
        return Arrays.binarySearch(knownTracks, track);
    }

    public boolean knows(int track) {
        return knownPosition(track) >= 0;
    }

    /** -1..1; 0 for tracks never played. */
    public float trackAffinity(int track) {
        int i = knownPosition(track);
        return i >= 0 ? trackAffinity[i] : 0f;
    }

    public int trackStreams(int track) {
        int i = knownPosition(track);
        return i >= 0 ? trackStreams[i] : 0;
    }

    /** Epoch ms of the latest play, or Long.MIN_VALUE. */
    public long lastPlayed(int track) {
        int i = knownPosition(track);
        return i >= 0 ? lastPlayed[i] : Long.MIN_VALUE;
    }

    public int[] knownTracks() {
        return knownTracks;
    }

    /** The tracks the listener played that the catalog does not hold. */
    public PlayedTracks played() {
        return played;
    }

    /** The most streams of any one of the listener's tracks, in or out of the catalog (the scale of long-term love). */
    public int maxStreams() {
        return maxStreams;
    }

    /** Epoch ms of the first play, or Long.MAX_VALUE. */
    public long firstPlayed(int track) {
        int i = knownPosition(track);
        return i >= 0 ? firstPlayed[i] : Long.MAX_VALUE;
    }

    /** UTC epoch days of the track's streams in the last {@link TasteAccumulator#ROTATION_DAYS} before its latest play. */
    int[] recentDays(int track) {
        int i = knownPosition(track);
        return i >= 0 ? recentDays[i] : EMPTY;
    }

    int[] recentDaysAt(int position) {
        return recentDays[position];
    }

    /** The catalog artists the user has an affinity with (sorted), for dense per-request arrays. */
    public int[] artistIds() {
        return artistIds;
    }

    public float artistAffinityAt(int position) {
        return artistAffinity[position];
    }

    public int artistStreamsAt(int position) {
        return artistStreams[position];
    }

    public float trackAffinityAt(int position) {
        return trackAffinity[position];
    }

    public long lastPlayedAt(int position) {
        return lastPlayed[position];
    }

    public int[] excluded() {
        return excluded;
    }

    public float artistAffinity(int catalogArtist) {
        int i = Arrays.binarySearch(artistIds, catalogArtist);
        return i >= 0 ? artistAffinity[i] : 0f;
    }

    public boolean knowsArtist(int catalogArtist) {
        int i = Arrays.binarySearch(artistIds, catalogArtist);
        return i >= 0 && artistStreams[i] > 0;
    }

    /** The user's artists with the highest affinity (at most 20), in or out of the catalog. */
    public List<ArtistTaste> topArtists() {
        return topArtists;
    }

    /** Every artist the user played, by normalised name. */
    public ArtistTaste artist(String key) {
        return artistsByKey.get(key);
    }

    public ArtistTaste artist(CatalogIndex catalog, int catalogArtist) {
        return artistsByKey.get(TrackNames.normalise(catalog.artistName(catalogArtist)));
    }

    public float genreAffinity(int genre) {
        return genreAffinity[genre];
    }

    public int genreStreams(int genre) {
        return genreStreams[genre];
    }

    public boolean hasCentre() {
        for (float c : centre) {
            if (!Float.isNaN(c)) {
                return true;
            }
        }
        return false;
    }

    /** Scaled centre of loved tracks' features (NaN per unknown dimension). */
    public float centre(int dimension) {
        return centre[dimension];
    }

    public float spread(int dimension) {
        return spread[dimension];
    }

    /** Scaled centre of the plays in a bucket (TasteAccumulator.BUCKETS), or null when it has fewer than minPlays. */
    public float[] contextCentre(int bucket, int minPlays) {
        return bucket >= 0 && contextPlays[bucket] >= minPlays ? contextCentres[bucket] : null;
    }

    public int contextPlays(int bucket) {
        return contextPlays[bucket];
    }

    public boolean isExcluded(int track) {
        return Arrays.binarySearch(excluded, track) >= 0;
    }

    public boolean isLiked(int track) {
        return Arrays.binarySearch(liked, track) >= 0;
    }

    public int[] liked() {
        return liked;
    }

    public Mark mark(int track) {
        return marks.get(track);
    }

    /** The tracks offered to the co-listening model and used as collaborative anchors. */
    public int[] loved() {
        return loved;
    }

    /** The ranker's per-profile artist neighbours on this catalog, computed once (a race computes it twice, harmlessly). */
    @SuppressWarnings("unchecked")
    <T> T neighbours(CatalogIndex catalog, java.util.function.Supplier<T> compute) {
        Derived cached = neighbours;
        if (cached != null && cached.catalog() == catalog) {
            return (T) cached.value();
        }
        T fresh = compute.get();
        neighbours = new Derived(catalog, fresh);
        return fresh;
    }

    public long estimatedBytes() {
        return 200L + knownTracks.length * (4L + 4 + 4 + 8 + 8 + 16) + played.estimatedBytes() + artistIds.length * 12L + 8L * genreAffinity.length
                + topArtists.size() * 96L + artistsByKey.size() * 120L + loved.length * 4L + marks.size() * 80L;
    }
}
