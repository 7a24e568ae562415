package io.echotune.insights.service;

import io.echotune.insights.ArtistRank;
import io.echotune.insights.DiscoveryMonth;
import io.echotune.insights.ForgottenFavorite;
import io.echotune.insights.GenreRank;
import io.echotune.insights.HeatmapCell;
import io.echotune.insights.ListeningRules;
import io.echotune.insights.ListeningSession;
import io.echotune.insights.ListeningSnapshot;
import io.echotune.insights.MoodCell;
import io.echotune.insights.MoodCoverage;
import io.echotune.insights.MoodDistribution;
import io.echotune.insights.RankOrder;
import io.echotune.insights.TrackRank;
import io.echotune.insights.YearInReview;
import io.echotune.insights.repository.CatalogFacts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The figures of one window ({@code from <= playedAt < to}, either bound open) of a {@link ListeningSnapshot}, each
 * one linear pass over the columns with per-track and per-artist arrays. The definitions are those of
 * docs/insights.md and {@link ListeningRules}. One instance serves one computation (it memoises the per-track sums
 * for the figures of a year in review); it is not thread-safe, the snapshot it reads is.
 */
final class SnapshotWindow {

    private static final int FIGURE_SCALE = 4;
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private final ListeningSnapshot snapshot;
    private final long from;
    private final long to;
    private TrackTotals trackTotals;

    SnapshotWindow(ListeningSnapshot snapshot, Instant from, Instant to) {
        this.snapshot = snapshot;
        this.from = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        this.to = to == null ? Long.MAX_VALUE : to.toEpochMilli();
    }

    private boolean contains(int record) {
        long end = snapshot.playedAt(record);
        return end >= from && end < to;
    }

    ListeningTotals totals() {
        long records = 0;
        long streams = 0;
        long skips = 0;
        long msPlayed = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean[] trackSeen = new boolean[snapshot.tracks()];
        boolean[] artistSeen = new boolean[snapshot.artists()];
        long tracks = 0;
        long artists = 0;
        for (int i = 0; i < snapshot.records(); i++) {
            if (!contains(i)) {
                continue;
            }
            records++;
            streams += snapshot.isStream(i) ? 1 : 0;
            skips += snapshot.isSkip(i) ? 1 : 0;
            msPlayed += snapshot.msPlayed(i);
            first = Math.min(first, snapshot.playedAt(i));
            last = Math.max(last, snapshot.playedAt(i));
            int track = snapshot.track(i);
            if (track >= 0 && !trackSeen[track]) {
                trackSeen[track] = true;
                tracks++;
            }
            int artist = snapshot.artist(i);
            if (artist >= 0 && !artistSeen[artist]) {
                artistSeen[artist] = true;
                artists++;
            }
        }
        if (records == 0) {
            return ListeningTotals.NONE;
        }
        return new ListeningTotals(records, streams, skips, msPlayed, tracks, artists, Instant.ofEpochMilli(first),
                Instant.ofEpochMilli(last));
    }

    /** Artists by {@code order} (descending), ties by name; records without an artist name are left out. */
    List<ArtistRank> topArtists(RankOrder order, int limit) {
        int artists = snapshot.artists();
        long[] streams = new long[artists];
        long[] msPlayed = new long[artists];
        boolean[] seen = new boolean[artists];
        for (int i = 0; i < snapshot.records(); i++) {
            int artist = snapshot.artist(i);
            if (artist < 0 || !contains(i)) {
                continue;
            }
            seen[artist] = true;
            streams[artist] += snapshot.isStream(i) ? 1 : 0;
            msPlayed[artist] += snapshot.msPlayed(i);
        }
        long[] metric = order == RankOrder.STREAMS ? streams : msPlayed;
        int[] candidates = new int[artists];
        int count = 0;
        for (int a = 0; a < artists; a++) {
            if (seen[a]) {
                candidates[count++] = a;
            }
        }
        return top(candidates, count, metric, Comparator.comparing(snapshot::artistName), limit).stream()
                .map(a -> new ArtistRank(snapshot.artistName(a), streams[a], msPlayed[a]))
                .toList();
    }

    /** Tracks (one per trackKey) by {@code order} (descending), ties by track name, artist, key. */
    List<TrackRank> topTracks(RankOrder order, int limit) {
        TrackTotals t = trackTotals();
        long[] metric = order == RankOrder.STREAMS ? t.streams : t.msPlayed;
        return top(t.seen, t.seenCount, metric, t.byNameArtistKey(), limit).stream()
                .map(track -> new TrackRank(t.uri[track], t.name[track], t.artist[track], t.streams[track],
                        t.msPlayed[track]))
                .toList();
    }

    /**
     * Tracks with at least {@code minStreams} streams in the window whose last play in it ended {@code months}
     * calendar months (in {@code zone}) or more before the window's latest play; by streams, time, then name.
     */
    List<ForgottenFavorite> forgottenFavorites(ZoneId zone, int months, long minStreams, int limit) {
        TrackTotals t = trackTotals();
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < snapshot.records(); i++) {
            if (contains(i)) {
                latest = Math.max(latest, snapshot.playedAt(i));
            }
        }
        if (latest == Long.MIN_VALUE) {
            return List.of();
        }
        long cutoff = Instant.ofEpochMilli(latest).atZone(zone).minusMonths(months).toInstant().toEpochMilli();
        List<Integer> forgotten = new ArrayList<>();
        for (int n = 0; n < t.seenCount; n++) {
            int track = t.seen[n];
            if (t.streams[track] >= minStreams && t.lastPlayedAt[track] < cutoff) {
                forgotten.add(track);
            }
        }
        return forgotten.stream()
                .sorted(Comparator.<Integer>comparingLong(track -> t.streams[track]).reversed()
                        .thenComparing(Comparator.<Integer>comparingLong(track -> t.msPlayed[track]).reversed())
                        .thenComparing(t.byNameArtistKey()))
                .limit(limit)
                .map(track -> new ForgottenFavorite(t.uri[track], t.name[track], t.artist[track], t.streams[track],
                        t.msPlayed[track], Instant.ofEpochMilli(t.firstPlayedAt[track]),
                        Instant.ofEpochMilli(t.lastPlayedAt[track])))
                .toList();
    }

    /** The catalog ids ({@code tracks._id}) of the window's tracks that have a Spotify track URI. */
    Set<String> catalogTrackIds() {
        TrackTotals t = trackTotals();
        Set<String> ids = new HashSet<>(t.seenCount * 2);
        for (int n = 0; n < t.seenCount; n++) {
            String id = t.catalogId[t.seen[n]];
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Genres by {@code order}, ties by name. A track counts fully for each of its catalog genres; a track without a
     * URI, missing from the catalog or without genres counts under {@link ListeningRules#UNKNOWN_GENRE}.
     */
    List<GenreRank> topGenres(Map<String, CatalogFacts> catalog, RankOrder order, int limit) {
        TrackTotals t = trackTotals();
        Map<String, long[]> byGenre = new HashMap<>();   // genre -> {streams, msPlayed}
        for (int n = 0; n < t.seenCount; n++) {
            int track = t.seen[n];
            CatalogFacts facts = facts(catalog, t.catalogId[track]);
            List<String> genres = facts == null || facts.genres().isEmpty()
                    ? List.of(ListeningRules.UNKNOWN_GENRE) : facts.genres();
            for (String genre : genres) {
                long[] sums = byGenre.computeIfAbsent(genre, g -> new long[2]);
                sums[0] += t.streams[track];
                sums[1] += t.msPlayed[track];
            }
        }
        int metric = order == RankOrder.STREAMS ? 0 : 1;
        return byGenre.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[metric]).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> new GenreRank(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    /**
     * The valence x energy grid of the window's plays of tracks the catalog has both features for (every record
     * counts once), the play-weighted means and the coverage.
     */
    MoodDistribution mood(Map<String, CatalogFacts> catalog, int bins) {
        TrackTotals t = trackTotals();
        long[] cellRecords = new long[bins * bins];
        long[] cellMs = new long[bins * bins];
        long records = 0;
        long recordsWithFeatures = 0;
        long tracks = 0;
        long tracksWithFeatures = 0;
        double valenceSum = 0;
        double energySum = 0;
        for (int n = 0; n < t.seenCount; n++) {
            int track = t.seen[n];
            tracks++;
            records += t.records[track];
            CatalogFacts facts = facts(catalog, t.catalogId[track]);
            if (facts == null || !facts.hasMood()) {
                continue;
            }
            tracksWithFeatures++;
            recordsWithFeatures += t.records[track];
            int cell = bin(facts.valence(), bins) * bins + bin(facts.energy(), bins);
            cellRecords[cell] += t.records[track];
            cellMs[cell] += t.msPlayed[track];
            valenceSum += facts.valence() * t.records[track];
            energySum += facts.energy() * t.records[track];
        }
        List<MoodCell> cells = new ArrayList<>(bins * bins);
        for (int v = 0; v < bins; v++) {
            for (int e = 0; e < bins; e++) {
                cells.add(new MoodCell(v, e, bound(v, bins), bound(v + 1, bins), bound(e, bins), bound(e + 1, bins),
                        cellRecords[v * bins + e], cellMs[v * bins + e]));
            }
        }
        Double meanValence = recordsWithFeatures == 0 ? null : round(valenceSum / recordsWithFeatures);
        Double meanEnergy = recordsWithFeatures == 0 ? null : round(energySum / recordsWithFeatures);
        double share = records == 0 ? 0.0 : round((double) recordsWithFeatures / records);
        return new MoodDistribution(bins, cells, meanValence, meanEnergy,
                new MoodCoverage(records, recordsWithFeatures, tracks, tracksWithFeatures, share));
    }

    /** All 168 ISO weekday x hour cells of the plays' end times in {@code zone}, Monday 00 first. */
    List<HeatmapCell> heatmap(ZoneId zone) {
        ZoneCalendar calendar = new ZoneCalendar(zone);
        long[] records = new long[7 * 24];
        long[] streams = new long[7 * 24];
        long[] msPlayed = new long[7 * 24];
        for (int i = 0; i < snapshot.records(); i++) {
            if (!contains(i)) {
                continue;
            }
            long end = snapshot.playedAt(i);
            int cell = (calendar.isoWeekday(end) - 1) * 24 + calendar.hour(end);
            records[cell]++;
            streams[cell] += snapshot.isStream(i) ? 1 : 0;
            msPlayed[cell] += snapshot.msPlayed(i);
        }
        List<HeatmapCell> cells = new ArrayList<>(7 * 24);
        for (int cell = 0; cell < 7 * 24; cell++) {
            cells.add(new HeatmapCell(cell / 24 + 1, cell % 24, records[cell], streams[cell], msPlayed[cell]));
        }
        return cells;
    }

    /** The twelve months of {@code year} in {@code zone}, January first, with the window's plays in each. */
    List<YearInReview.MonthMinutes> months(int year, ZoneId zone) {
        ZoneCalendar calendar = new ZoneCalendar(zone);
        long[] records = new long[12];
        long[] streams = new long[12];
        long[] msPlayed = new long[12];
        for (int i = 0; i < snapshot.records(); i++) {
            if (!contains(i)) {
                continue;
            }
            YearMonth month = calendar.month(snapshot.playedAt(i));
            if (month.getYear() != year) {
                continue;
            }
            int m = month.getMonthValue() - 1;
            records[m]++;
            streams[m] += snapshot.isStream(i) ? 1 : 0;
            msPlayed[m] += snapshot.msPlayed(i);
        }
        List<YearInReview.MonthMinutes> months = new ArrayList<>(12);
        for (int m = 0; m < 12; m++) {
            months.add(new YearInReview.MonthMinutes(YearMonth.of(year, m + 1).toString(), records[m], streams[m],
                    msPlayed[m], msPlayed[m] / 60_000));
        }
        return months;
    }

    /**
     * Per month (in {@code zone}) the artists and tracks whose first play in the user's <em>whole</em> music history
     * lies in the window; only months with a discovery, oldest first.
     */
    List<DiscoveryMonth> discovery(ZoneId zone) {
        long[] artistFirst = firstPlays(snapshot.artists(), true);
        long[] trackFirst = firstPlays(snapshot.tracks(), false);
        ZoneCalendar calendar = new ZoneCalendar(zone);
        TreeMap<YearMonth, long[]> months = new TreeMap<>();
        for (long first : artistFirst) {
            if (first >= from && first < to) {
                months.computeIfAbsent(calendar.month(first), m -> new long[2])[0]++;
            }
        }
        for (long first : trackFirst) {
            if (first >= from && first < to) {
                months.computeIfAbsent(calendar.month(first), m -> new long[2])[1]++;
            }
        }
        List<DiscoveryMonth> result = new ArrayList<>(months.size());
        months.forEach((month, counts) -> result.add(new DiscoveryMonth(month.toString(), counts[0], counts[1])));
        return result;
    }

    private long[] firstPlays(int size, boolean byArtist) {
        long[] first = new long[size];
        java.util.Arrays.fill(first, Long.MAX_VALUE);
        for (int i = 0; i < snapshot.records(); i++) {
            int key = byArtist ? snapshot.artist(i) : snapshot.track(i);
            if (key >= 0) {
                first[key] = Math.min(first[key], snapshot.playedAt(i));
            }
        }
        return first;
    }

    /** The window's sessions, oldest first (records are stored in start order, so this is one pass). */
    List<ListeningSession> sessions() {
        SessionSplitter splitter = new SessionSplitter();
        for (int i = 0; i < snapshot.records(); i++) {
            if (contains(i)) {
                splitter.add(snapshot.startedAt(i), snapshot.playedAt(i), snapshot.msPlayed(i));
            }
        }
        return splitter.finish();
    }

    // ---- per-track sums ----------------------------------------------------------------------------------------

    private TrackTotals trackTotals() {
        if (trackTotals == null) {
            trackTotals = new TrackTotals();
        }
        return trackTotals;
    }

    /**
     * Per track (trackKey) in the window: records, streams, time, first and last play, and its names as the
     * window's records give them (alphabetically first name and artist, last URI; nulls only where all are null).
     */
    private final class TrackTotals {
        final long[] records = new long[snapshot.tracks()];
        final long[] streams = new long[snapshot.tracks()];
        final long[] msPlayed = new long[snapshot.tracks()];
        final long[] firstPlayedAt = new long[snapshot.tracks()];
        final long[] lastPlayedAt = new long[snapshot.tracks()];
        final String[] name = new String[snapshot.tracks()];
        final String[] artist = new String[snapshot.tracks()];
        final String[] uri = new String[snapshot.tracks()];
        /** The catalog id of {@link #uri}, null without a Spotify track URI. */
        final String[] catalogId = new String[snapshot.tracks()];
        /** The tracks played in the window, {@link #seenCount} of them. */
        final int[] seen = new int[snapshot.tracks()];
        int seenCount;

        TrackTotals() {
            java.util.Arrays.fill(firstPlayedAt, Long.MAX_VALUE);
            java.util.Arrays.fill(lastPlayedAt, Long.MIN_VALUE);
            boolean[] variantSeen = new boolean[snapshot.variants()];
            for (int i = 0; i < snapshot.records(); i++) {
                int track = snapshot.track(i);
                if (track < 0 || !contains(i)) {
                    continue;
                }
                if (records[track] == 0) {
                    seen[seenCount++] = track;
                }
                records[track]++;
                streams[track] += snapshot.isStream(i) ? 1 : 0;
                msPlayed[track] += snapshot.msPlayed(i);
                long end = snapshot.playedAt(i);
                if (end < firstPlayedAt[track]) {
                    firstPlayedAt[track] = end;
                }
                if (end > lastPlayedAt[track]) {
                    lastPlayedAt[track] = end;
                }
                variantSeen[snapshot.variant(i)] = true;
            }
            String[] variantCatalogIds = snapshot.variantCatalogIds();
            for (int v = 0; v < variantSeen.length; v++) {
                if (variantSeen[v]) {
                    int track = snapshot.variantTrack(v);
                    name[track] = min(name[track], snapshot.variantTrackName(v));
                    artist[track] = min(artist[track], snapshot.variantArtistName(v));
                    String variantUri = snapshot.variantTrackUri(v);
                    if (uri[track] == null || variantUri != null && variantUri.compareTo(uri[track]) > 0) {
                        uri[track] = variantUri;
                        catalogId[track] = variantCatalogIds[v];
                    }
                }
            }
        }

        Comparator<Integer> byNameArtistKey() {
            return Comparator.<Integer, String>comparing(track -> name[track], NULLS_FIRST)
                    .thenComparing(track -> artist[track], NULLS_FIRST)
                    .thenComparing(snapshot::trackKey);
        }
    }

    /**
     * The {@code limit} best of {@code ids[0..count)} by {@code metric} (descending), ties by {@code tieBreak}.
     * Sorting only what can make the list (everything at or above the limit-th value) keeps a top ten of 30,000
     * tracks from comparing names 30,000 times over.
     */
    private static List<Integer> top(int[] ids, int count, long[] metric, Comparator<Integer> tieBreak, int limit) {
        if (count == 0) {
            return List.of();
        }
        long[] values = new long[count];
        for (int n = 0; n < count; n++) {
            values[n] = metric[ids[n]];
        }
        java.util.Arrays.sort(values);
        long threshold = values[Math.max(0, count - limit)];
        List<Integer> contenders = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            if (metric[ids[n]] >= threshold) {
                contenders.add(ids[n]);
            }
        }
        contenders.sort(Comparator.<Integer>comparingLong(id -> metric[id]).reversed().thenComparing(tieBreak));
        return contenders.subList(0, Math.min(limit, contenders.size()));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static CatalogFacts facts(Map<String, CatalogFacts> catalog, String catalogId) {
        return catalogId == null ? null : catalog.get(catalogId);
    }

    /** {@code min(bins - 1, max(0, floor(value * bins)))}: the bin of a 0..1 feature, 1.0 in the last one. */
    static int bin(double value, int bins) {
        return (int) Math.min(bins - 1, Math.max(0, Math.floor(value * bins)));
    }

    private static double bound(int index, int bins) {
        return BigDecimal.valueOf(index).divide(BigDecimal.valueOf(bins), FIGURE_SCALE, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(FIGURE_SCALE, RoundingMode.HALF_UP).doubleValue();
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }
}
