package io.echotune.insights.service;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.echotune.commons.problem.ApiException;
import io.echotune.insights.ArtistRank;
import io.echotune.insights.DiscoveryMonth;
import io.echotune.insights.ForgottenFavorite;
import io.echotune.insights.GenreRank;
import io.echotune.insights.Heatmap;
import io.echotune.insights.HeatmapCell;
import io.echotune.insights.ListeningRules;
import io.echotune.insights.ListeningSession;
import io.echotune.insights.ListeningSummary;
import io.echotune.insights.MoodCell;
import io.echotune.insights.MoodCoverage;
import io.echotune.insights.MoodDistribution;
import io.echotune.insights.RankOrder;
import io.echotune.insights.SessionList;
import io.echotune.insights.TrackRank;
import io.echotune.insights.YearInReview;
import io.echotune.insights.repository.InsightsCache;
import io.echotune.insights.repository.ListeningHistoryRepository;
import io.echotune.insights.repository.ListeningTotals;
import io.echotune.insights.repository.MonthTotals;
import io.echotune.insights.repository.MoodRows;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Insights computed from the caller's own listening history, music only (see {@link ListeningRules}), each
 * cached per user in Redis under its normalised parameters.
 */
@ApplicationScoped
public class InsightsService {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_SESSION_LIMIT = 20;
    static final int MIN_YEAR = 1970;
    static final int MAX_YEAR = 2999;
    private static final int FIGURE_SCALE = 4;

    private final ListeningHistoryRepository history;
    private final InsightsCache cache;
    private final TypeFactory types;

    public InsightsService(ListeningHistoryRepository history, InsightsCache cache, ObjectMapper json) {
        this.history = history;
        this.cache = cache;
        this.types = json.getTypeFactory();
    }

    /** How a top list is ranked and cut, parsed once; also its part of the cache key. */
    private record Ranking(RankOrder order, int size) {
        static Ranking parse(String by, String limit) {
            return new Ranking(RankOrder.parse(by), limit(limit, DEFAULT_LIMIT));
        }

        String cacheKey() {
            return "by=" + order.field() + "&limit=" + size;
        }
    }

    /** Raw {@code from}/{@code to}/{@code tz} parameters are validated here; bad ones fail with a 400 naming them. */
    public Uni<ListeningSummary> summary(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "summary", window, "", ListeningSummary.class,
                () -> history.musicTotals(userId, window.from(), window.to()).map(InsightsService::toSummary));
    }

    public Uni<List<ArtistRank>> topArtists(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cached(userId, "top-artists", window, ranking.cacheKey(), listOf(ArtistRank.class),
                () -> history.topArtists(userId, window.from(), window.to(), ranking.order(), ranking.size()));
    }

    public Uni<List<TrackRank>> topTracks(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cached(userId, "top-tracks", window, ranking.cacheKey(), listOf(TrackRank.class),
                () -> history.topTracks(userId, window.from(), window.to(), ranking.order(), ranking.size()));
    }

    public Uni<List<GenreRank>> topGenres(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cached(userId, "top-genres", window, ranking.cacheKey(), listOf(GenreRank.class),
                () -> history.topGenres(userId, window.from(), window.to(), ranking.order(), ranking.size()));
    }

    public Uni<Heatmap> heatmap(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "heatmap", window, "", Heatmap.class,
                () -> history.heatmap(userId, window.from(), window.to(), window.zone())
                        .map(cells -> new Heatmap(zoneName(window.zone()), allCells(cells))));
    }

    public Uni<List<DiscoveryMonth>> discovery(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "discovery", window, "", listOf(DiscoveryMonth.class),
                () -> history.discovery(userId, window.from(), window.to(), window.zone()));
    }

    public Uni<MoodDistribution> mood(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "mood", window, "", MoodDistribution.class,
                () -> history.mood(userId, window.from(), window.to(), ListeningRules.MOOD_BINS)
                        .map(InsightsService::toMood));
    }

    public Uni<SessionList> sessions(String userId, String from, String to, String tz, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        int size = limit(limit, DEFAULT_SESSION_LIMIT);
        return cached(userId, "sessions", window, "limit=" + size, SessionList.class,
                () -> history.playTimes(userId, window.from(), window.to()).map(plays -> {
                    List<ListeningSession> sessions = SessionSplitter.split(plays);
                    List<ListeningSession> newestFirst = new ArrayList<>(size);
                    for (int i = sessions.size() - 1; i >= 0 && newestFirst.size() < size; i--) {
                        newestFirst.add(sessions.get(i));
                    }
                    return new SessionList(sessions.size(), newestFirst);
                }));
    }

    public Uni<List<ForgottenFavorite>> forgottenFavorites(String userId, String from, String to, String tz,
                                                           String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        int size = limit(limit, DEFAULT_LIMIT);
        return cached(userId, "forgotten-favorites", window, "limit=" + size, listOf(ForgottenFavorite.class),
                () -> history.latestPlay(userId, window.from(), window.to()).chain(latest -> {
                    if (latest == null) {
                        return Uni.createFrom().item(List.<ForgottenFavorite>of());
                    }
                    Instant cutoff = latest.atZone(window.zone())
                            .minusMonths(ListeningRules.FORGOTTEN_AFTER_MONTHS).toInstant();
                    return history.forgottenFavorites(userId, window.from(), window.to(), cutoff,
                            ListeningRules.FAVOURITE_MIN_STREAMS, size);
                }));
    }

    /** The calendar year in tz, narrowed further by from/to when given. */
    public Uni<YearInReview> year(String userId, String yearText, String from, String to, String tz) {
        int year = year(yearText);
        QueryWindow requested = QueryWindow.parse(from, to, tz);
        ZoneId zone = requested.zone();
        Instant yearStart = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
        Instant yearEnd = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant();
        Instant start = requested.from() == null || requested.from().isBefore(yearStart) ? yearStart : requested.from();
        Instant end = requested.to() == null || requested.to().isAfter(yearEnd) ? yearEnd : requested.to();
        if (!end.isAfter(start)) {
            throw ApiException.invalidField("from", "from/to do not overlap the year " + year);
        }
        QueryWindow window = new QueryWindow(start, end, zone);
        return cached(userId, "year", window, "year=" + year, YearInReview.class,
                () -> yearInReview(userId, year, window));
    }

    private Uni<YearInReview> yearInReview(String userId, int year, QueryWindow window) {
        Instant from = window.from();
        Instant to = window.to();
        ZoneId zone = window.zone();
        return Uni.combine().all().unis(
                        history.musicTotals(userId, from, to),
                        history.topArtists(userId, from, to, RankOrder.MS_PLAYED, 1),
                        history.topTracks(userId, from, to, RankOrder.MS_PLAYED, 1),
                        history.topGenres(userId, from, to, RankOrder.MS_PLAYED, 1),
                        history.discovery(userId, from, to, zone),
                        history.heatmap(userId, from, to, zone),
                        history.playTimes(userId, from, to),
                        history.monthTotals(userId, from, to, zone))
                .asTuple()
                .map(t -> {
                    ListeningTotals totals = t.getItem1();
                    long newArtists = t.getItem5().stream().mapToLong(DiscoveryMonth::newArtists).sum();
                    long newTracks = t.getItem5().stream().mapToLong(DiscoveryMonth::newTracks).sum();
                    ListeningSession longest = SessionSplitter.split(t.getItem7()).stream()
                            .max(Comparator.comparingLong(ListeningSession::durationMs)
                                    .thenComparing(ListeningSession::start, Comparator.reverseOrder()))
                            .orElse(null);
                    return new YearInReview(year, zoneName(zone), totals.records(), totals.streams(), totals.msPlayed(),
                            totals.msPlayed() / 60_000, first(t.getItem2()), first(t.getItem3()), first(t.getItem4()),
                            newArtists, newTracks, busiestHour(t.getItem6()), busiestWeekday(t.getItem6()), longest,
                            months(year, t.getItem8()));
                });
    }

    private <T> Uni<T> cached(String userId, String endpoint, QueryWindow window, String parameters, Class<T> type,
                              java.util.function.Supplier<Uni<T>> compute) {
        return cached(userId, endpoint, window, parameters, types.constructType(type), compute);
    }

    private <T> Uni<T> cached(String userId, String endpoint, QueryWindow window, String parameters, JavaType type,
                              java.util.function.Supplier<Uni<T>> compute) {
        // Normalised: resolved instants and the zone id, so "2024-08-01" and "2024-08-01T00:00:00Z" share an entry.
        String entry = endpoint + "?from=" + (window.from() == null ? "" : window.from().toEpochMilli())
                + "&to=" + (window.to() == null ? "" : window.to().toEpochMilli())
                + "&tz=" + window.zone().getId()
                + (parameters.isEmpty() ? "" : "&" + parameters);
        return cache.getOrCompute(userId, entry, type, compute);
    }

    /** The zone as the caller named it; the default is shown as "UTC" rather than Java's "Z". */
    static String zoneName(ZoneId zone) {
        return zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private JavaType listOf(Class<?> element) {
        return types.constructCollectionType(List.class, element);
    }

    static int limit(String raw, int defaultLimit) {
        if (raw == null || raw.isBlank()) {
            return defaultLimit;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static int year(String raw) {
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= MIN_YEAR && value <= MAX_YEAR) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidField("year", "must be a year from " + MIN_YEAR + " to " + MAX_YEAR);
    }

    private static ListeningSummary toSummary(ListeningTotals totals) {
        return new ListeningSummary(totals.records(), totals.streams(), totals.msPlayed(), totals.uniqueTracks(),
                totals.uniqueArtists(), skipRate(totals.skips(), totals.records()), totals.firstPlayedAt(),
                totals.lastPlayedAt());
    }

    static double skipRate(long skips, long records) {
        if (records == 0) {
            return 0.0;
        }
        return BigDecimal.valueOf(skips)
                .divide(BigDecimal.valueOf(records), ListeningRules.SKIP_RATE_SCALE, RoundingMode.HALF_UP)
                .doubleValue();
    }

    /** All 168 cells, Monday 00 first; cells without plays are zeros. */
    static List<HeatmapCell> allCells(List<HeatmapCell> occupied) {
        Map<Integer, HeatmapCell> bySlot = new HashMap<>();
        occupied.forEach(cell -> bySlot.put(cell.weekday() * 24 + cell.hour(), cell));
        List<HeatmapCell> cells = new ArrayList<>(7 * 24);
        for (int weekday = 1; weekday <= 7; weekday++) {
            for (int hour = 0; hour < 24; hour++) {
                cells.add(Objects.requireNonNullElse(bySlot.get(weekday * 24 + hour),
                        new HeatmapCell(weekday, hour, 0, 0, 0)));
            }
        }
        return cells;
    }

    private static MoodDistribution toMood(MoodRows rows) {
        int bins = ListeningRules.MOOD_BINS;
        Map<Integer, MoodRows.Cell> byBin = new HashMap<>();
        rows.cells().forEach(cell -> byBin.put(cell.valenceBin() * bins + cell.energyBin(), cell));
        List<MoodCell> cells = new ArrayList<>(bins * bins);
        double valenceSum = 0;
        double energySum = 0;
        for (int v = 0; v < bins; v++) {
            for (int e = 0; e < bins; e++) {
                MoodRows.Cell cell = byBin.get(v * bins + e);
                cells.add(new MoodCell(v, e, bound(v, bins), bound(v + 1, bins), bound(e, bins), bound(e + 1, bins),
                        cell == null ? 0 : cell.records(), cell == null ? 0 : cell.msPlayed()));
                if (cell != null) {
                    valenceSum += cell.valenceSum();
                    energySum += cell.energySum();
                }
            }
        }
        long withFeatures = rows.recordsWithFeatures();
        Double meanValence = withFeatures == 0 ? null : round(valenceSum / withFeatures);
        Double meanEnergy = withFeatures == 0 ? null : round(energySum / withFeatures);
        double share = rows.records() == 0 ? 0.0 : round((double) withFeatures / rows.records());
        return new MoodDistribution(bins, cells, meanValence, meanEnergy,
                new MoodCoverage(rows.records(), withFeatures, rows.tracks(), rows.tracksWithFeatures(), share));
    }

    private static double bound(int index, int bins) {
        return BigDecimal.valueOf(index).divide(BigDecimal.valueOf(bins), FIGURE_SCALE, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(FIGURE_SCALE, RoundingMode.HALF_UP).doubleValue();
    }

    private static <T> T first(List<T> ranked) {
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    /** The hour (summed over weekdays) with the most time played; ties: the earlier hour; null without plays. */
    static YearInReview.BusiestHour busiestHour(List<HeatmapCell> cells) {
        long[] ms = new long[24];
        long[] streams = new long[24];
        cells.forEach(cell -> {
            ms[cell.hour()] += cell.msPlayed();
            streams[cell.hour()] += cell.streams();
        });
        int best = busiest(ms, cells.isEmpty());
        return best < 0 ? null : new YearInReview.BusiestHour(best, streams[best], ms[best]);
    }

    /** The ISO weekday with the most time played; ties: the earlier day; null without plays. */
    static YearInReview.BusiestWeekday busiestWeekday(List<HeatmapCell> cells) {
        long[] ms = new long[7];
        long[] streams = new long[7];
        cells.forEach(cell -> {
            ms[cell.weekday() - 1] += cell.msPlayed();
            streams[cell.weekday() - 1] += cell.streams();
        });
        int best = busiest(ms, cells.isEmpty());
        return best < 0 ? null : new YearInReview.BusiestWeekday(best + 1, streams[best], ms[best]);
    }

    private static int busiest(long[] ms, boolean none) {
        if (none) {
            return -1;
        }
        int best = 0;
        for (int i = 1; i < ms.length; i++) {
            if (ms[i] > ms[best]) {
                best = i;
            }
        }
        return best;
    }

    private static List<YearInReview.MonthMinutes> months(int year, List<MonthTotals> totals) {
        Map<String, MonthTotals> byMonth = new HashMap<>();
        totals.forEach(month -> byMonth.put(month.month(), month));
        List<YearInReview.MonthMinutes> months = new ArrayList<>(12);
        for (int m = 1; m <= 12; m++) {
            String month = YearMonth.of(year, m).toString();
            MonthTotals t = byMonth.get(month);
            months.add(t == null
                    ? new YearInReview.MonthMinutes(month, 0, 0, 0, 0)
                    : new YearInReview.MonthMinutes(month, t.records(), t.streams(), t.msPlayed(), t.msPlayed() / 60_000));
        }
        return months;
    }
}
