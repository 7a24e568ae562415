package io.echotune.recommender.ranking;

import io.echotune.commons.music.TrackNames;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sums a taste profile is made of, updatable one play at a time (docs/recommender.md, "Taste profile").
 * Every weighted sum is decayed to the {@code reference} time (the user's latest play): when a later play arrives,
 * all sums are multiplied by {@code 2^(-advance/halfLife)}, which is what rebuilding from scratch would give. That
 * multiplication is deferred: the sums are held times {@code growth}, new weights are added times {@code growth},
 * and a later play only multiplies {@code growth}. The sums are brought back to scale when it grows past 2^64 and
 * before anyone reads them, so a history costs one pass over the tables, not one per play (profiled: the eager
 * rescale was the recommender's largest cost during an import).
 * Counts (plays, streams, skips) are never decayed: they are the facts explanations quote.
 * Not thread-safe: one writer per user (ProfileService serialises them).
 */
public final class TasteAccumulator {

    /** Context buckets: times of day in UTC, then weekday and weekend. */
    public static final List<String> BUCKETS = List.of("night", "morning", "afternoon", "evening", "weekday", "weekend");
    static final int D = FeatureSpace.DIMENSIONS;

    /** What the catalog (and the artist table) knows about the tracks and artists of plays. */
    public interface Facts {
        /** Scaled features of a catalog track (NaN where missing), or null when the track is not in the catalog. */
        float[] features(String trackId);

        int durationMs(String trackId);

        /** The catalog track's genre tags (its own, then its artists'). */
        List<String> trackGenres(String trackId);

        /** An artist's genre tags from the artist table, by normalised name; empty when unknown. */
        List<String> artistGenres(String artistKey);
    }

    /** The window of the current rotation: streams in the last 3 weeks before "now" (docs/recommender.md). */
    public static final int ROTATION_DAYS = 21;
    /** Stream days kept per track for the rotation: more than anyone streams one track in 3 weeks, in practice. */
    static final int MAX_RECENT_DAYS = 64;
    private static final long DAY_MS = 24L * 3600 * 1000;

    /**
     * A track's sums. {@code recentDays}: the UTC epoch days of its streams within {@link #ROTATION_DAYS} of the
     * latest play (ascending, one entry per stream), what "in your current rotation" counts. {@code name},
     * {@code artist} and {@code album}: only for a track outside the catalog, as its plays named it.
     */
    public static final class TrackStats {
        public double positive;
        public double negative;
        public int plays;
        public int streams;
        public int skips;
        public long firstPlayedAt = Long.MAX_VALUE;
        public long lastPlayedAt = Long.MIN_VALUE;
        public int[] recentDays = new int[0];
        public String name;
        public String artist;
        public String album;

        void addRecent(int day, int referenceDay) {
            int keep = 0;
            while (keep < recentDays.length && recentDays[keep] < referenceDay - ROTATION_DAYS) {
                keep++;
            }
            if (day < referenceDay - ROTATION_DAYS) {
                recentDays = Arrays.copyOfRange(recentDays, keep, recentDays.length);
                return;
            }
            int[] out = new int[recentDays.length - keep + 1];
            int i = 0;
            int at = keep;
            while (at < recentDays.length && recentDays[at] <= day) {
                out[i++] = recentDays[at++];
            }
            out[i++] = day;
            while (at < recentDays.length) {
                out[i++] = recentDays[at++];
            }
            recentDays = out.length > MAX_RECENT_DAYS ? Arrays.copyOfRange(out, out.length - MAX_RECENT_DAYS, out.length) : out;
        }

        void pruneRecent(int referenceDay) {
            int keep = 0;
            while (keep < recentDays.length && recentDays[keep] < referenceDay - ROTATION_DAYS) {
                keep++;
            }
            if (keep > 0) {
                recentDays = Arrays.copyOfRange(recentDays, keep, recentDays.length);
            }
        }
    }

    public static final class ArtistStats {
        public String name;
        public double positive;
        public double negative;
        public int plays;
        public int streams;
        public int skips;
        public long lastPlayedAt = Long.MIN_VALUE;
        public List<String> genres = List.of();
    }

    public static final class GenreStats {
        public double positive;
        public int streams;
    }

    /** Weighted feature sums: per dimension, because a value may be missing on some tracks. */
    public static final class FeatureSums {
        public final double[] weight = new double[D];
        public final double[] sum = new double[D];
        public final double[] squares = new double[D];
        public int plays;

        void add(float[] scaled, double w) {
            for (int d = 0; d < D; d++) {
                if (!Float.isNaN(scaled[d])) {
                    weight[d] += w;
                    sum[d] += w * scaled[d];
                    squares[d] += w * scaled[d] * scaled[d];
                }
            }
        }

        void scale(double factor) {
            for (int d = 0; d < D; d++) {
                weight[d] *= factor;
                sum[d] *= factor;
                squares[d] *= factor;
            }
        }
    }

    /** Past this, the deferred decay is applied: far from the double range, and further than any weight matters. */
    private static final double MAX_GROWTH = 0x1p64;

    private final long halfLifeMs;
    private long reference = Long.MIN_VALUE;
    /** The factor every stored weighted sum currently carries over its true value (see the class comment). */
    private double growth = 1;
    private long records;
    private long musicPlays;
    private long streams;
    private long skips;
    private long resolvedPlays;
    private final Map<String, TrackStats> tracks = new HashMap<>();
    /** Tracks outside the catalog, by track key (URI, else name key): still the listener's tracks. */
    private final Map<String, TrackStats> outside = new HashMap<>();
    private final Map<String, ArtistStats> artists = new HashMap<>();
    private final Map<String, GenreStats> genres = new HashMap<>();
    private final FeatureSums features = new FeatureSums();
    private final FeatureSums[] contexts = new FeatureSums[BUCKETS.size()];

    public TasteAccumulator(long halfLifeMs) {
        this.halfLifeMs = halfLifeMs;
        for (int b = 0; b < contexts.length; b++) {
            contexts[b] = new FeatureSums();
        }
    }

    /** Adds plays in (playedAt, recordId) order, so that a rebuild sums in the same order every time. */
    public void addAll(List<Play> plays, Facts facts) {
        List<Play> sorted = new ArrayList<>(plays);
        sorted.sort((a, b) -> a.playedAt() != b.playedAt() ? Long.compare(a.playedAt(), b.playedAt())
                : String.valueOf(a.recordId()).compareTo(String.valueOf(b.recordId())));
        for (Play p : sorted) {
            add(p, facts);
        }
    }

    public void add(Play p, Facts facts) {
        records++;
        if (!p.isMusic()) {
            return;
        }
        musicPlays++;
        if (p.playedAt() > reference) {
            if (reference != Long.MIN_VALUE) {
                growth /= PlayWeights.decay(p.playedAt() - reference, halfLifeMs);
                if (growth > MAX_GROWTH) {
                    applyGrowth();
                }
            }
            reference = p.playedAt();
        }
        float[] trackFeatures = p.trackId() == null ? null : facts.features(p.trackId());
        boolean resolved = trackFeatures != null;
        int duration = resolved ? facts.durationMs(p.trackId()) : 0;
        boolean skip = PlayWeights.isSkip(p);
        boolean stream = PlayWeights.isStream(p);
        double w = PlayWeights.engagement(p, duration) * PlayWeights.decay(reference - p.playedAt(), halfLifeMs)
                * growth;
        double positive = Math.max(0, w);
        double negative = Math.max(0, -w);
        if (skip) {
            skips++;
        }
        if (stream) {
            streams++;
        }

        if (resolved) {
            resolvedPlays++;
        }
        TrackStats t = resolved ? tracks.computeIfAbsent(p.trackId(), k -> new TrackStats())
                : p.trackKey() != null ? outside.computeIfAbsent(p.trackKey(), k -> new TrackStats()) : null;
        if (t != null) {
            t.positive += positive;
            t.negative += negative;
            t.plays++;
            t.streams += stream ? 1 : 0;
            t.skips += skip ? 1 : 0;
            t.firstPlayedAt = Math.min(t.firstPlayedAt, p.playedAt());
            t.lastPlayedAt = Math.max(t.lastPlayedAt, p.playedAt());
            if (stream) {
                t.addRecent(day(p.playedAt()), day(reference));
            }
            if (!resolved && t.name == null) {
                t.name = p.trackName();
                t.artist = p.artistName();
                t.album = p.albumName();
            }
        }

        String artistKey = TrackNames.normalise(p.artistName());
        List<String> playGenres = resolved ? facts.trackGenres(p.trackId())
                : artistKey == null ? List.of() : facts.artistGenres(artistKey);
        if (artistKey != null && !artistKey.isEmpty()) {
            ArtistStats a = artists.computeIfAbsent(artistKey, k -> new ArtistStats());
            if (a.name == null || p.artistName().strip().compareTo(a.name) < 0) {
                a.name = p.artistName().strip();   // one display name per artist: the alphabetically first spelling
            }
            a.positive += positive;
            a.negative += negative;
            a.plays++;
            a.streams += stream ? 1 : 0;
            a.skips += skip ? 1 : 0;
            a.lastPlayedAt = Math.max(a.lastPlayedAt, p.playedAt());
            if (a.genres.isEmpty()) {
                List<String> tags = facts.artistGenres(artistKey);
                a.genres = tags.isEmpty() && resolved ? facts.trackGenres(p.trackId()) : tags;
            }
        }
        for (String g : playGenres) {
            GenreStats s = genres.computeIfAbsent(g, k -> new GenreStats());
            s.positive += positive;
            s.streams += stream ? 1 : 0;
        }
        if (resolved && positive > 0) {
            features.add(trackFeatures, positive);
            features.plays++;
            ZonedDateTime at = Instant.ofEpochMilli(p.playedAt()).atZone(ZoneOffset.UTC);
            FeatureSums timeOfDay = contexts[timeOfDayBucket(at.getHour())];
            timeOfDay.add(trackFeatures, positive);
            timeOfDay.plays++;
            FeatureSums week = contexts[at.getDayOfWeek().compareTo(DayOfWeek.SATURDAY) >= 0 ? 5 : 4];
            week.add(trackFeatures, positive);
            week.plays++;
        }
    }

    static int day(long epochMs) {
        return (int) Math.floorDiv(epochMs, DAY_MS);
    }

    /** 0 night (22-5), 1 morning (5-12), 2 afternoon (12-17), 3 evening (17-22); UTC hours. */
    public static int timeOfDayBucket(int hour) {
        if (hour >= 5 && hour < 12) {
            return 1;
        }
        if (hour >= 12 && hour < 17) {
            return 2;
        }
        if (hour >= 17 && hour < 22) {
            return 3;
        }
        return 0;
    }

    /** Brings every stored sum to its true value (divides out {@code growth}). */
    private void applyGrowth() {
        if (growth == 1) {
            return;
        }
        double factor = 1 / growth;
        growth = 1;
        for (TrackStats t : tracks.values()) {
            t.positive *= factor;
            t.negative *= factor;
        }
        for (TrackStats t : outside.values()) {
            t.positive *= factor;
            t.negative *= factor;
        }
        for (ArtistStats a : artists.values()) {
            a.positive *= factor;
            a.negative *= factor;
        }
        for (GenreStats g : genres.values()) {
            g.positive *= factor;
        }
        features.scale(factor);
        for (FeatureSums c : contexts) {
            c.scale(factor);
        }
    }

    // ---- state, for storage and for deriving the profile

    public long halfLifeMs() {
        return halfLifeMs;
    }

    public long reference() {
        return reference;
    }

    public long records() {
        return records;
    }

    public long musicPlays() {
        return musicPlays;
    }

    public long streams() {
        return streams;
    }

    public long skips() {
        return skips;
    }

    public long resolvedPlays() {
        return resolvedPlays;
    }

    /** Catalog tracks by id, sorted (stable order for storage and ties). */
    public Map<String, TrackStats> tracks() {
        return read(tracks);
    }

    /** Tracks outside the catalog by track key, sorted. */
    public Map<String, TrackStats> outside() {
        return read(outside);
    }

    private Map<String, TrackStats> read(Map<String, TrackStats> table) {
        applyGrowth();
        if (reference != Long.MIN_VALUE) {
            int today = day(reference);
            table.values().forEach(t -> t.pruneRecent(today));
        }
        return new TreeMap<>(table);
    }

    public Map<String, ArtistStats> artists() {
        applyGrowth();
        return new TreeMap<>(artists);
    }

    public Map<String, GenreStats> genres() {
        applyGrowth();
        return new TreeMap<>(genres);
    }

    public FeatureSums features() {
        applyGrowth();
        return features;
    }

    public FeatureSums context(int bucket) {
        applyGrowth();
        return contexts[bucket];
    }

    /** Keeps the {@code max} artists with the highest positive weight (ties by key); the rest only live in genres. */
    public void trimArtists(int max) {
        if (artists.size() <= max) {
            return;
        }
        applyGrowth();
        List<Map.Entry<String, ArtistStats>> ranked = new ArrayList<>(artists.entrySet());
        ranked.sort((x, y) -> x.getValue().positive != y.getValue().positive
                ? Double.compare(y.getValue().positive, x.getValue().positive) : x.getKey().compareTo(y.getKey()));
        for (Map.Entry<String, ArtistStats> drop : ranked.subList(max, ranked.size())) {
            artists.remove(drop.getKey());
        }
    }

    /**
     * Keeps at most {@code max} tracks, in and out of the catalog together: a third by current affinity (decayed positive weight), a third by all-time
     * plays (old favourites, which "forgotten favourites" needs), the rest by latest play (what
     * excludePlayedWithinDays leaves out). Ties break by id, so a rebuild keeps the same tracks.
     */
    public void trimTracks(int max) {
        if (tracks.size() + outside.size() <= max) {
            return;
        }
        applyGrowth();
        // one budget for the tracks in and out of the catalog (their keys never collide: ids vs URIs and name keys)
        List<Map.Entry<String, TrackStats>> all = new ArrayList<>(tracks.entrySet());
        all.addAll(outside.entrySet());
        java.util.Set<String> kept = new java.util.HashSet<>();
        List<java.util.Comparator<TrackStats>> orders = List.of(
                java.util.Comparator.comparingDouble((TrackStats t) -> t.positive).reversed(),
                java.util.Comparator.comparingInt((TrackStats t) -> t.plays).reversed(),
                java.util.Comparator.comparingLong((TrackStats t) -> t.lastPlayedAt).reversed());
        for (int o = 0; o < orders.size(); o++) {
            java.util.Comparator<TrackStats> order = orders.get(o);
            all.sort((x, y) -> {
                int c = order.compare(x.getValue(), y.getValue());
                return c != 0 ? c : x.getKey().compareTo(y.getKey());
            });
            int quota = o == orders.size() - 1 ? max : max / orders.size() * (o + 1);
            for (int i = 0; i < all.size() && kept.size() < quota; i++) {
                kept.add(all.get(i).getKey());
            }
        }
        tracks.keySet().retainAll(kept);
        outside.keySet().retainAll(kept);
    }

    /** While a long history streams in: {@link #trimTracks} whenever twice as many are held (amortised cost). */
    public void boundTracks(int max) {
        if (tracks.size() + outside.size() > 2 * max) {
            trimTracks(max);
        }
    }

    /**
     * While a long history streams in: trims to {@code max} artists whenever twice as many are held, so the artist
     * table stays bounded at an amortised cost (an artist dropped early and played again later starts afresh).
     */
    public void boundArtists(int max) {
        if (artists.size() > 2 * max) {
            trimArtists(max);
        }
    }

    /** Heap held by the sums, estimated per entry (key, stats object, map node): for the memory tests and metrics. */
    public long estimatedBytes() {
        return 1_024 + 160L * tracks.size() + 280L * outside.size() + 240L * artists.size() + 120L * genres.size();
    }

    /** Restores a stored accumulator (ProfileRepository). */
    public static TasteAccumulator restore(long halfLifeMs, long reference, long records, long musicPlays, long streams,
                                           long skips, long resolvedPlays, Map<String, TrackStats> tracks,
                                           Map<String, TrackStats> outside, Map<String, ArtistStats> artists,
                                           Map<String, GenreStats> genres, FeatureSums features, FeatureSums[] contexts) {
        TasteAccumulator a = new TasteAccumulator(halfLifeMs);
        a.reference = reference;
        a.records = records;
        a.musicPlays = musicPlays;
        a.streams = streams;
        a.skips = skips;
        a.resolvedPlays = resolvedPlays;
        a.tracks.putAll(tracks);
        a.outside.putAll(outside);
        a.artists.putAll(artists);
        a.genres.putAll(genres);
        copy(features, a.features);
        for (int b = 0; b < a.contexts.length && b < contexts.length; b++) {
            copy(contexts[b], a.contexts[b]);
        }
        return a;
    }

    private static void copy(FeatureSums from, FeatureSums to) {
        System.arraycopy(from.weight, 0, to.weight, 0, D);
        System.arraycopy(from.sum, 0, to.sum, 0, D);
        System.arraycopy(from.squares, 0, to.squares, 0, D);
        to.plays = from.plays;
    }

    @Override
    public String toString() {
        return "TasteAccumulator[plays=" + musicPlays + ", tracks=" + tracks.size() + ", outside=" + outside.size() + ", artists=" + artists.size()
                + ", genres=" + genres.size() + ", centre=" + Arrays.toString(features.sum) + "]";
    }
}
