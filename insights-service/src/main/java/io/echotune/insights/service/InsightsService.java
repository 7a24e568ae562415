package io.echotune.insights.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.time.PlausibleTime;
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
 * genres and features looked up in the catalog at request time. Answers are JSON, cached per user in Redis under
 * their normalised parameters and served from there as stored.
 */
@ApplicationScoped
public class InsightsService {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_SESSION_LIMIT = 20;
    /**
     * Version of the answers' JSON shape, part of every cache entry: bump it whenever a record answered here (or one
     * inside it) changes, or entries cached by the previous build would be served as they are until they expire.
     */
    static final int ANSWER_FORMAT = 1;

    private final ListeningSnapshotService snapshots;
    private final CatalogFactsCache catalog;
    private final InsightsCache cache;

    public InsightsService(ListeningSnapshotService snapshots, CatalogFactsCache catalog, InsightsCache cache) {
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.cache = cache;
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

    /**
     * A {@link ListeningSummary} as JSON. Every answer here is the JSON of the record its endpoint documents, cached.
     * Raw {@code from}/{@code to}/{@code tz} parameters are validated here; bad ones fail with a 400 naming them.
     */
    public Uni<byte[]> summary(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "summary", window, "", () -> figure(userId, window, w -> toSummary(w.totals())));
    }

    /** {@link ArtistRank}s as JSON. */
    public Uni<byte[]> topArtists(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cached(userId, "top-artists", window, ranking.cacheKey(),
                () -> figure(userId, window, w -> w.topArtists(ranking.order(), ranking.size())));
    }

    /** {@link TrackRank}s as JSON. */
    public Uni<byte[]> topTracks(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cached(userId, "top-tracks", window, ranking.cacheKey(),
                () -> figure(userId, window, w -> w.topTracks(ranking.order(), ranking.size())));
    }

    /** {@link GenreRank}s as JSON. */
    public Uni<byte[]> topGenres(String userId, String from, String to, String tz, String by, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        Ranking ranking = Ranking.parse(by, limit);
        return cachedWithCatalog(userId, "top-genres", window, ranking.cacheKey(),
                (w, facts) -> w.topGenres(facts, ranking.order(), ranking.size()));
    }

    /** A {@link Heatmap} as JSON. */
    public Uni<byte[]> heatmap(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "heatmap", window, "",
                () -> figure(userId, window, w -> new Heatmap(zoneName(window.zone()), w.heatmap(window.zone()))));
    }

    /** {@link DiscoveryMonth}s as JSON. */
    public Uni<byte[]> discovery(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cached(userId, "discovery", window, "", () -> figure(userId, window, w -> w.discovery(window.zone())));
    }

    /** A {@link MoodDistribution} as JSON. */
    public Uni<byte[]> mood(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return cachedWithCatalog(userId, "mood", window, "", (w, facts) -> w.mood(facts, ListeningRules.MOOD_BINS));
    }

    /** A {@link SessionList} as JSON. */
    public Uni<byte[]> sessions(String userId, String from, String to, String tz, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        int size = limit(limit, DEFAULT_SESSION_LIMIT);
        return cached(userId, "sessions", window, "limit=" + size,
                () -> figure(userId, window, w -> {
                    List<ListeningSession> sessions = w.sessions();
                    List<ListeningSession> newestFirst = new ArrayList<>(size);
                    for (int i = sessions.size() - 1; i >= 0 && newestFirst.size() < size; i--) {
                        newestFirst.add(sessions.get(i));
                    }
                    return new SessionList(sessions.size(), newestFirst);
                }));
    }

    /** {@link ForgottenFavorite}s as JSON. */
    public Uni<byte[]> forgottenFavorites(String userId, String from, String to, String tz, String limit) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        int size = limit(limit, DEFAULT_LIMIT);
        return cached(userId, "forgotten-favorites", window, "limit=" + size,
                () -> figure(userId, window, w -> w.forgottenFavorites(window.zone(),
                        ListeningRules.FORGOTTEN_AFTER_MONTHS, ListeningRules.FAVOURITE_MIN_STREAMS, size)));
    }

    /** A {@link YearInReview} as JSON: the calendar year in tz, narrowed further by from/to when given. */
    public Uni<byte[]> year(String userId, String yearText, String from, String to, String tz) {
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
        return cachedWithCatalog(userId, "year", window, "year=" + year,
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
     * generation (read together with the cached entry), so a catalog change reaches it at once; when the generation
     * cannot be read it is computed afresh and not cached.
     */
    private <T> Uni<byte[]> cachedWithCatalog(String userId, String endpoint, QueryWindow window, String parameters,
                                              BiFunction<SnapshotWindow, Map<String, CatalogFacts>, T> compute) {
        return cache.getOrCompute(userId, entry(endpoint, window, parameters), catalog.generation(),
                generation -> "catalog=" + generation.key(),
                generation -> snapshots.use(userId, snapshot -> {
                    SnapshotWindow w = new SnapshotWindow(snapshot, window.from(), window.to());
                    return catalog.facts(w.catalogTrackIds(), generation)
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .map(facts -> compute.apply(w, facts));
                }));
    }

    /** The JSON answer of a figure of the user's history alone, cached under its normalised parameters. */
    private <T> Uni<byte[]> cached(String userId, String endpoint, QueryWindow window, String parameters,
                                   Supplier<Uni<T>> compute) {
        return cache.getOrCompute(userId, entry(endpoint, window, parameters), compute);
    }

    /**
     * The cache entry of a request. Normalised: resolved instants and the zone id, so "2024-08-01" and
     * "2024-08-01T00:00:00Z" share an entry. It starts with {@link #ANSWER_FORMAT}, because stored answers are served
     * as they are.
     */
    private static String entry(String endpoint, QueryWindow window, String parameters) {
        return "v" + ANSWER_FORMAT + ":" + endpoint
                + "?from=" + (window.from() == null ? "" : window.from().toEpochMilli())
                + "&to=" + (window.to() == null ? "" : window.to().toEpochMilli())
                + "&tz=" + window.zone().getId()
                + (parameters.isEmpty() ? "" : "&" + parameters);
    }

    /** The zone as the caller named it; the default is shown as "UTC" rather than Java's "Z". */
    static String zoneName(ZoneId zone) {
        return zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
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

    /** The year path segment: a whole year inside the range every date here must lie in (PlausibleTime). */
    private static int year(String raw) {
        try {
            int value = Integer.parseInt(raw.strip());
            if (PlausibleTime.isPlausibleYear(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidField("year", "must be a whole year from " + PlausibleTime.MIN_YEAR + " to "
                + PlausibleTime.MAX_YEAR);
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
