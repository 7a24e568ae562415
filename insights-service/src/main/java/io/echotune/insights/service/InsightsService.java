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
import io.echotune.insights.MoodDistribution;
import io.echotune.insights.RankOrder;
import io.echotune.insights.SessionList;
import io.echotune.insights.TrackRank;
import io.echotune.insights.YearInReview;
import io.echotune.insights.repository.CatalogFacts;
import io.echotune.insights.repository.InsightsCache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Insights computed from the caller's own listening history, music only (see {@link ListeningRules}): each figure is
 * one pass over the user's {@link io.echotune.insights.ListeningSnapshot} for the requested window and zone, with
 * genres and features looked up in the catalog at request time. Results are cached per user in Redis under their
 * normalised parameters.
 */
@ApplicationScoped
public class InsightsService {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_SESSION_LIMIT = 20;
    static final int MIN_YEAR = 1970;
    static final int MAX_YEAR = 2999;

    private final ListeningSnapshotService snapshots;
    private final CatalogFactsCache catalog;
    private final InsightsCache cache;
    private final TypeFactory types;

    public InsightsService(ListeningSnapshotService snapshots, CatalogFactsCache catalog, InsightsCache cache,
                           ObjectMapper json) {
        this.snapshots = snapshots;
        this.catalog = catalog;
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
        return cached(userId, "summary", window, "", types.constructType(ListeningSummary.class),
                () -> figure(userId, window, w -> toSummary(w.totals())));
    }

    public Uni<List<ArtistRank>> topArtists(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cached(userId, "top-artists", window, ranking.cacheKey(), listOf(ArtistRank.class),
                () -> figure(userId, window, w -> w.topArtists(ranking.order(), ranking.size())));
    }

    public Uni<List<TrackRank>> topTracks(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cached(userId, "top-tracks", window, ranking.cacheKey(), listOf(TrackRank.class),
                () -> figure(userId, window, w -> w.topTracks(ranking.order(), ranking.size())));
    }

    public Uni<List<GenreRank>> topGenres(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cachedWithCatalog(userId, "top-genres", window, ranking.cacheKey(), listOf(GenreRank.class),
                (w, facts) -> w.topGenres(facts, ranking.order(), ranking.size()));
    }

    public Uni<Heatmap> heatmap(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "heatmap", window, "", types.constructType(Heatmap.class),
                () -> figure(userId, window, w -> new Heatmap(zoneName(window.zone()), w.heatmap(window.zone()))));
    }

    public Uni<List<DiscoveryMonth>> discovery(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "discovery", window, "", listOf(DiscoveryMonth.class),
                () -> figure(userId, window, w -> w.discovery(window.zone())));
    }

    public Uni<MoodDistribution> mood(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cachedWithCatalog(userId, "mood", window, "", types.constructType(MoodDistribution.class),
                (w, facts) -> w.mood(facts, ListeningRules.MOOD_BINS));
    }

    public Uni<SessionList> sessions(String userId, String from, String to, String tz, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        int size = limit(limit, DEFAULT_SESSION_LIMIT);
        return cached(userId, "sessions", window, "limit=" + size, types.constructType(SessionList.class),
                () -> figure(userId, window, w -> {
                    List<ListeningSession> sessions = w.sessions();
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
                () -> figure(userId, window, w -> w.forgottenFavorites(window.zone(),
                        ListeningRules.FORGOTTEN_AFTER_MONTHS, ListeningRules.FAVOURITE_MIN_STREAMS, size)));
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
        return cachedWithCatalog(userId, "year", window, "year=" + year, types.constructType(YearInReview.class),
                (w, facts) -> yearInReview(year, zone, w, facts));
    }

    private static YearInReview yearInReview(int year, ZoneId zone, SnapshotWindow w, Map<String, CatalogFacts> facts) {
        ListeningTotals totals = w.totals();
        List<DiscoveryMonth> discovered = w.discovery(zone);
        List<HeatmapCell> cells = totals.records() == 0 ? List.of() : w.heatmap(zone);
        ListeningSession longest = w.sessions().stream()
                .max(Comparator.comparingLong(ListeningSession::durationMs)
                        .thenComparing(ListeningSession::start, Comparator.reverseOrder()))
                .orElse(null);
        return new YearInReview(year, zoneName(zone), totals.records(), totals.streams(), totals.msPlayed(),
                totals.msPlayed() / 60_000, first(w.topArtists(RankOrder.MS_PLAYED, 1)),
                first(w.topTracks(RankOrder.MS_PLAYED, 1)), first(w.topGenres(facts, RankOrder.MS_PLAYED, 1)),
                discovered.stream().mapToLong(DiscoveryMonth::newArtists).sum(),
                discovered.stream().mapToLong(DiscoveryMonth::newTracks).sum(),
                busiestHour(cells), busiestWeekday(cells), longest, w.months(year, zone));
    }

    /** A figure of the window computed from the user's snapshot alone. */
    private <T> Uni<T> figure(String userId, QueryWindow window, Function<SnapshotWindow, T> compute) {
        return snapshots.use(userId, snapshot -> Uni.createFrom().item(
                () -> compute.apply(new SnapshotWindow(snapshot, window.from(), window.to()))));
    }

    /**
     * A figure that also needs the catalog facts of the window's tracks. It is cached under the catalog's current
     * generation, so a catalog change reaches it at once; when the generation cannot be read it is computed afresh.
     */
    private <T> Uni<T> cachedWithCatalog(String userId, String endpoint, QueryWindow window, String parameters,
                                         JavaType type, BiFunction<SnapshotWindow, Map<String, CatalogFacts>, T> compute) {
        return catalog.generation().chain(generation -> {
            Supplier<Uni<T>> figure = () -> snapshots.use(userId, snapshot -> {
                SnapshotWindow w = new SnapshotWindow(snapshot, window.from(), window.to());
                return catalog.facts(w.catalogTrackIds(), generation)
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(facts -> compute.apply(w, facts));
            });
            if (generation == null) {
                return figure.get();
            }
            String withCatalog = (parameters.isEmpty() ? "" : parameters + "&") + "catalog=" + generation.key();
            return cached(userId, endpoint, window, withCatalog, type, figure);
        });
    }

    private <T> Uni<T> cached(String userId, String endpoint, QueryWindow window, String parameters, JavaType type,
                              Supplier<Uni<T>> compute) {
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
}
