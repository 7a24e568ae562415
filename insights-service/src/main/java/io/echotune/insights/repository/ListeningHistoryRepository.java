package io.echotune.insights.repository;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UnwindOptions;
import io.echotune.insights.ArtistRank;
import io.echotune.insights.DiscoveryMonth;
import io.echotune.insights.ForgottenFavorite;
import io.echotune.insights.GenreRank;
import io.echotune.insights.HeatmapCell;
import io.echotune.insights.ListeningRules;
import io.echotune.insights.RankOrder;
import io.echotune.insights.TrackRank;
import io.echotune.insights.config.InsightsConfig;
import io.quarkus.mongodb.AggregateOptions;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Read access to {@code listening_history}, the collection ingestion-service writes (one document per play),
 * joined where needed with the track catalog {@code tracks} (genres, audio features).
 * Every query starts with a {@code $match} on the caller's userId, served by the {userId, playedAt} index.
 * <p>
 * Only stages and operators that both real MongoDB 7 and the test stand-in support are used. Dates are bucketed
 * in the caller's zone with {@code $dateToString} and its {@code timezone} option ({@code %u} is the ISO weekday);
 * {@code $isoDayOfWeek} is not available on the stand-in and its {@code $dayOfWeek} ignores the zone, so neither
 * is used. Sessions need the order of plays and are computed by the service over a projection.
 */
@ApplicationScoped
public class ListeningHistoryRepository {

    static final String COLLECTION = "listening_history";
    static final String CATALOG = "tracks";
    private static final String TRACK_URI_PREFIX = "spotify:track:";

    private static final Logger LOG = Logger.getLogger(ListeningHistoryRepository.class);
    /** createIndex codes for "an equivalent index exists under another name or with other options". */
    private static final List<Integer> INDEX_CONFLICT_CODES = List.of(85, 86);
    private static final Duration INDEX_RETRY_BACKOFF = Duration.ofSeconds(5);
    private static final int PROJECTION_BATCH = 10_000;

    private final ReactiveMongoCollection<Document> history;
    private final InsightsConfig config;

    public ListeningHistoryRepository(ReactiveMongoClient mongo, InsightsConfig config,
                                      @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = mongo.getDatabase(database).getCollection(COLLECTION);
        this.config = config;
    }

    /**
     * Ingestion creates this index too; creating it here as well (idempotent) keeps insights fast even if
     * this service starts first. If the owner created the same keys under another name, that index serves.
     * <ul>
     * <li>{userId, playedAt}: every query's $match (userId equality, playedAt range) and the latest-play lookup.</li>
     * <li>{userId, contentType, playedAt}: the same with the music filter inside the index, so real MongoDB
     * never fetches podcast documents only to drop them.</li>
     * <li>{userId, artistName} and {userId, trackKey}: the whole-history first-play groups of discovery can
     * stream in key order.</li>
     * </ul>
     * The catalog join uses {@code tracks._id}, which is always indexed.
     * <p>
     * Start-up does not wait for MongoDB: while it is unreachable the service starts, readiness reports it DOWN,
     * and index creation is retried in the background.
     */
    void ensureIndexes(@Observes StartupEvent startup) {
        List<Bson> indexes = List.of(
                Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("playedAt")),
                Indexes.compoundIndex(Indexes.ascending("userId", "contentType"), Indexes.descending("playedAt")),
                Indexes.ascending("userId", "artistName", "playedAt"),
                Indexes.ascending("userId", "trackKey", "playedAt"));
        Multi.createFrom().iterable(indexes)
                .onItem().transformToUniAndConcatenate(this::ensureIndex)
                .collect().last()
                .onFailure().retry().withBackOff(INDEX_RETRY_BACKOFF, INDEX_RETRY_BACKOFF.multipliedBy(10)).indefinitely()
                .subscribe().with(
                        done -> LOG.debugf("listening_history indexes in place"),
                        e -> LOG.errorf(e, "Could not create the listening_history indexes"));
    }

    private Uni<String> ensureIndex(Bson keys) {
        return history.createIndex(keys)
                .onFailure(e -> e instanceof MongoCommandException c && INDEX_CONFLICT_CODES.contains(c.getErrorCode()))
                .recoverWithItem(e -> {
                    LOG.infof("An index on %s already exists with other options: %s", keys, e.getMessage());
                    return null;
                })
                .onFailure().invoke(e -> LOG.warnf("Creating index %s failed, will retry: %s", keys, e.getMessage()));
    }

    /** The user's music totals with {@code from <= playedAt < to} (either bound may be null = open). */
    public Uni<ListeningTotals> musicTotals(String userId, Instant from, Instant to) {
        // One pass over the matched records; distinct tracks and artists are counted by grouping rather than
        // $addToSet so that a long history never builds one huge array.
        List<Bson> pipeline = List.of(
                Aggregates.match(music(userId, from, to)),
                Aggregates.facet(
                        new Facet("totals", Aggregates.group(null,
                                Accumulators.sum("records", 1),
                                Accumulators.sum("streams", countIf(isStream())),
                                Accumulators.sum("skips", countIf(isSkip())),
                                Accumulators.sum("msPlayed", "$msPlayed"),
                                Accumulators.min("firstPlayedAt", "$playedAt"),
                                Accumulators.max("lastPlayedAt", "$playedAt"))),
                        new Facet("tracks", distinctCount("trackKey")),
                        new Facet("artists", distinctCount("artistName"))));

        return history.aggregate(pipeline, aggregateOptions()).collect().first()
                .map(ListeningHistoryRepository::toTotals);
    }

    /** Artists ranked by {@code order} (descending), ties by name; records without an artist name are left out. */
    public Uni<List<ArtistRank>> topArtists(String userId, Instant from, Instant to, RankOrder order, int limit) {
        List<Bson> pipeline = List.of(
                Aggregates.match(Filters.and(music(userId, from, to), Filters.ne("artistName", null))),
                Aggregates.group("$artistName",
                        Accumulators.sum("streams", countIf(isStream())),
                        Accumulators.sum("msPlayed", "$msPlayed")),
                Aggregates.sort(Sorts.orderBy(Sorts.descending(order.field()), Sorts.ascending("_id"))),
                Aggregates.limit(limit));
        return history.aggregate(pipeline, aggregateOptions()).collect().asList()
                .map(rows -> rows.stream()
                        .map(row -> new ArtistRank(row.getString("_id"), number(row, "streams"), number(row, "msPlayed")))
                        .toList());
    }

    /** Tracks (one per trackKey) ranked by {@code order} (descending), ties by track name, artist, key. */
    public Uni<List<TrackRank>> topTracks(String userId, Instant from, Instant to, RankOrder order, int limit) {
        List<Bson> pipeline = List.of(
                Aggregates.match(Filters.and(music(userId, from, to), Filters.ne("trackKey", null))),
                groupByTrack(),
                Aggregates.sort(Sorts.orderBy(Sorts.descending(order.field()),
                        Sorts.ascending("track", "artist", "_id"))),
                Aggregates.limit(limit));
        return history.aggregate(pipeline, aggregateOptions()).collect().asList()
                .map(rows -> rows.stream().map(ListeningHistoryRepository::toTrackRank).toList());
    }

    /**
     * Genres ranked by {@code order}, ties by name. Plays are first summed per track, then joined with the
     * catalog by Spotify track id; a track the catalog lacks, has no genres for, or that has no URI counts under
     * {@link ListeningRules#UNKNOWN_GENRE}; a track with several genres counts fully for each.
     */
    public Uni<List<GenreRank>> topGenres(String userId, Instant from, Instant to, RankOrder order, int limit) {
        Document genresOrUnknown = new Document("$cond", List.of(
                new Document("$gt", List.of(
                        new Document("$size", new Document("$ifNull", List.of("$catalog.genres", List.of()))), 0)),
                "$catalog.genres",
                List.of(ListeningRules.UNKNOWN_GENRE)));
        List<Bson> pipeline = new ArrayList<>(joinCatalogPerTrack(userId, from, to));
        pipeline.addAll(List.of(
                Aggregates.project(Projections.fields(
                        Projections.include("streams", "msPlayed"),
                        Projections.computed("genre", genresOrUnknown))),
                Aggregates.unwind("$genre"),
                Aggregates.group("$genre",
                        Accumulators.sum("streams", "$streams"),
                        Accumulators.sum("msPlayed", "$msPlayed")),
                Aggregates.sort(Sorts.orderBy(Sorts.descending(order.field()), Sorts.ascending("_id"))),
                Aggregates.limit(limit)));
        return history.aggregate(pipeline, aggregateOptions()).collect().asList()
                .map(rows -> rows.stream()
                        .map(row -> new GenreRank(String.valueOf(row.get("_id")), number(row, "streams"),
                                number(row, "msPlayed")))
                        .toList());
    }

    /** The weekday x hour cells (in {@code zone}) that have plays; the service adds the empty ones. */
    public Uni<List<HeatmapCell>> heatmap(String userId, Instant from, Instant to, ZoneId zone) {
        List<Bson> pipeline = List.of(
                Aggregates.match(music(userId, from, to)),
                Aggregates.group(dateString("%u%H", "$playedAt", zone),
                        Accumulators.sum("records", 1),
                        Accumulators.sum("streams", countIf(isStream())),
                        Accumulators.sum("msPlayed", "$msPlayed")));
        return history.aggregate(pipeline, aggregateOptions()).collect().asList()
                .map(rows -> rows.stream().map(row -> {
                    String slot = row.getString("_id");   // "<ISO weekday><2-digit hour>", e.g. "513"
                    return new HeatmapCell(slot.charAt(0) - '0', Integer.parseInt(slot.substring(1)),
                            number(row, "records"), number(row, "streams"), number(row, "msPlayed"));
                }).toList());
    }

    /** Music records, streams and time per month (in {@code zone}), oldest first. */
    public Uni<List<MonthTotals>> monthTotals(String userId, Instant from, Instant to, ZoneId zone) {
        List<Bson> pipeline = List.of(
                Aggregates.match(music(userId, from, to)),
                Aggregates.group(dateString("%Y-%m", "$playedAt", zone),
                        Accumulators.sum("records", 1),
                        Accumulators.sum("streams", countIf(isStream())),
                        Accumulators.sum("msPlayed", "$msPlayed")),
                Aggregates.sort(Sorts.ascending("_id")));
        return history.aggregate(pipeline, aggregateOptions()).collect().asList()
                .map(rows -> rows.stream()
                        .map(row -> new MonthTotals(row.getString("_id"), number(row, "records"),
                                number(row, "streams"), number(row, "msPlayed")))
                        .toList());
    }

    /**
     * Per month (in {@code zone}) the artists and tracks whose first play in the user's whole music history falls
     * in that month, for months whose first plays lie in the window; oldest first.
     */
    public Uni<List<DiscoveryMonth>> discovery(String userId, Instant from, Instant to, ZoneId zone) {
        List<Bson> firstPlayInWindow = new ArrayList<>();
        if (from != null) {
            firstPlayInWindow.add(Filters.gte("first", Date.from(from)));
        }
        if (to != null) {
            firstPlayInWindow.add(Filters.lt("first", Date.from(to)));
        }
        Bson windowOnFirst = firstPlayInWindow.isEmpty() ? new Document() : Filters.and(firstPlayInWindow);
        List<Bson> pipeline = List.of(
                Aggregates.match(music(userId, null, null)),
                Aggregates.facet(
                        new Facet("artists",
                                Aggregates.match(Filters.ne("artistName", null)),
                                Aggregates.group("$artistName", Accumulators.min("first", "$playedAt")),
                                Aggregates.match(windowOnFirst),
                                Aggregates.group(dateString("%Y-%m", "$first", zone), Accumulators.sum("count", 1))),
                        new Facet("tracks",
                                Aggregates.match(Filters.ne("trackKey", null)),
                                Aggregates.group("$trackKey", Accumulators.min("first", "$playedAt")),
                                Aggregates.match(windowOnFirst),
                                Aggregates.group(dateString("%Y-%m", "$first", zone), Accumulators.sum("count", 1)))));
        return history.aggregate(pipeline, aggregateOptions()).collect().first().map(result -> {
            TreeMap<String, long[]> months = new TreeMap<>();
            if (result != null) {
                for (Document row : result.getList("artists", Document.class, List.of())) {
                    months.computeIfAbsent(row.getString("_id"), m -> new long[2])[0] = number(row, "count");
                }
                for (Document row : result.getList("tracks", Document.class, List.of())) {
                    months.computeIfAbsent(row.getString("_id"), m -> new long[2])[1] = number(row, "count");
                }
            }
            return months.entrySet().stream()
                    .map(e -> new DiscoveryMonth(e.getKey(), e.getValue()[0], e.getValue()[1]))
                    .toList();
        });
    }

    /**
     * Plays per track joined with the catalog's valence and energy: coverage counts over all tracks, and per
     * occupied mood cell the plays, time and the valence/energy sums (weighted by plays) of tracks with both.
     */
    public Uni<MoodRows> mood(String userId, Instant from, Instant to, int bins) {
        // The catalog stores features as numbers or leaves them out; $isNumber/$type are not on the stand-in, and
        // $ifNull makes "missing" compare like null on both servers.
        Document hasFeatures = new Document("$and", List.of(
                new Document("$ne", Arrays.asList(new Document("$ifNull", Arrays.asList("$valence", null)), null)),
                new Document("$ne", Arrays.asList(new Document("$ifNull", Arrays.asList("$energy", null)), null))));
        List<Bson> pipeline = new ArrayList<>(joinCatalogPerTrack(userId, from, to));
        pipeline.addAll(List.of(
                Aggregates.project(Projections.fields(
                        Projections.include("records", "msPlayed"),
                        Projections.computed("valence", "$catalog.features.valence"),
                        Projections.computed("energy", "$catalog.features.energy"))),
                Aggregates.project(Projections.fields(
                        Projections.include("records", "msPlayed", "valence", "energy"),
                        Projections.computed("hasFeatures", hasFeatures))),
                Aggregates.facet(
                        new Facet("coverage", Aggregates.group(null,
                                Accumulators.sum("tracks", 1),
                                Accumulators.sum("tracksWithFeatures", countIf(new Document("$eq", List.of("$hasFeatures", true)))),
                                Accumulators.sum("records", "$records"),
                                Accumulators.sum("recordsWithFeatures", new Document("$cond",
                                        List.of(new Document("$eq", List.of("$hasFeatures", true)), "$records", 0))))),
                        new Facet("cells",
                                Aggregates.match(Filters.eq("hasFeatures", true)),
                                Aggregates.group(new Document("v", bin("$valence", bins)).append("e", bin("$energy", bins)),
                                        Accumulators.sum("records", "$records"),
                                        Accumulators.sum("msPlayed", "$msPlayed"),
                                        Accumulators.sum("valenceSum", new Document("$multiply", List.of("$valence", "$records"))),
                                        Accumulators.sum("energySum", new Document("$multiply", List.of("$energy", "$records"))))))));
        return history.aggregate(pipeline, aggregateOptions()).collect().first().map(result -> {
            Document coverage = single(result, "coverage");
            List<MoodRows.Cell> cells = result == null ? List.of() : result.getList("cells", Document.class, List.of())
                    .stream()
                    .map(row -> {
                        Document key = row.get("_id", Document.class);
                        return new MoodRows.Cell(((Number) key.get("v")).intValue(), ((Number) key.get("e")).intValue(),
                                number(row, "records"), number(row, "msPlayed"),
                                ((Number) row.get("valenceSum")).doubleValue(),
                                ((Number) row.get("energySum")).doubleValue());
                    })
                    .toList();
            if (coverage == null) {
                return new MoodRows(0, 0, 0, 0, cells);
            }
            return new MoodRows(number(coverage, "records"), number(coverage, "recordsWithFeatures"),
                    number(coverage, "tracks"), number(coverage, "tracksWithFeatures"), cells);
        });
    }

    /** Start, end and time played of every music record in the window, in no particular order. */
    public Uni<List<PlayTimes>> playTimes(String userId, Instant from, Instant to) {
        FindOptions options = new FindOptions()
                .filter(music(userId, from, to))
                .projection(Projections.fields(Projections.include("startedAt", "playedAt", "msPlayed"),
                        Projections.excludeId()))
                .batchSize(PROJECTION_BATCH)
                .maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return history.find(options).map(ListeningHistoryRepository::toPlayTimes).collect().asList();
    }

    /** The end time of the user's latest music play in the window, or null without any. */
    public Uni<Instant> latestPlay(String userId, Instant from, Instant to) {
        FindOptions options = new FindOptions()
                .filter(music(userId, from, to))
                .projection(Projections.fields(Projections.include("playedAt"), Projections.excludeId()))
                .sort(Sorts.descending("playedAt"))
                .limit(1)
                .maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return history.find(options).collect().first()
                .map(doc -> doc == null ? null : instant(doc, "playedAt"));
    }

    /**
     * Tracks with at least {@code minStreams} streams in the window whose last play in the window ended before
     * {@code lastPlayedBefore}; most streams first, then most time, then by name.
     */
    public Uni<List<ForgottenFavorite>> forgottenFavorites(String userId, Instant from, Instant to,
                                                           Instant lastPlayedBefore, long minStreams, int limit) {
        List<Bson> pipeline = List.of(
                Aggregates.match(Filters.and(music(userId, from, to), Filters.ne("trackKey", null))),
                groupByTrack(),
                Aggregates.match(Filters.and(
                        Filters.gte("streams", minStreams),
                        Filters.lt("lastPlayedAt", Date.from(lastPlayedBefore)))),
                Aggregates.sort(Sorts.orderBy(Sorts.descending("streams", "msPlayed"),
                        Sorts.ascending("track", "artist", "_id"))),
                Aggregates.limit(limit));
        return history.aggregate(pipeline, aggregateOptions()).collect().asList()
                .map(rows -> rows.stream()
                        .map(row -> new ForgottenFavorite(row.getString("trackUri"), row.getString("track"),
                                row.getString("artist"), number(row, "streams"), number(row, "msPlayed"),
                                instant(row, "firstPlayedAt"), instant(row, "lastPlayedAt")))
                        .toList());
    }

    // ---- building blocks -------------------------------------------------------------------------------------

    /** Music records of one user with {@code from <= playedAt < to} (either bound may be null = open). */
    private static Bson music(String userId, Instant from, Instant to) {
        List<Bson> match = new ArrayList<>(List.of(
                Filters.eq("userId", userId),
                Filters.eq("contentType", ListeningRules.MUSIC)));
        if (from != null) {
            match.add(Filters.gte("playedAt", Date.from(from)));
        }
        if (to != null) {
            match.add(Filters.lt("playedAt", Date.from(to)));
        }
        return Filters.and(match);
    }

    /**
     * One row per trackKey: streams, time, first/last play, and the names and URI. Names are the alphabetically
     * first ($min ignores nulls) so the result never depends on document order.
     */
    private static Bson groupByTrack() {
        return Aggregates.group("$trackKey",
                Accumulators.sum("records", 1),
                Accumulators.sum("streams", countIf(isStream())),
                Accumulators.sum("msPlayed", "$msPlayed"),
                Accumulators.min("firstPlayedAt", "$playedAt"),
                Accumulators.max("lastPlayedAt", "$playedAt"),
                Accumulators.min("track", "$trackName"),
                Accumulators.min("artist", "$artistName"),
                Accumulators.max("trackUri", "$trackUri"));
    }

    /**
     * The window's music summed per track, each joined with its catalog document ({@code catalog}, absent when the
     * catalog lacks the track or the track has no Spotify URI). Joining after grouping looks up each track once.
     */
    private static List<Bson> joinCatalogPerTrack(String userId, Instant from, Instant to) {
        Document uri = new Document("$ifNull", List.of("$trackUri", ""));
        Document trackId = new Document("$cond", Arrays.asList(
                new Document("$eq", List.of(new Document("$indexOfBytes", List.of(uri, TRACK_URI_PREFIX)), 0)),
                new Document("$substrCP", List.of(uri, TRACK_URI_PREFIX.length(), 64)),
                null));
        return List.of(
                Aggregates.match(Filters.and(music(userId, from, to), Filters.ne("trackKey", null))),
                groupByTrack(),
                Aggregates.project(Projections.fields(
                        Projections.include("records", "streams", "msPlayed"),
                        Projections.computed("trackId", trackId))),
                Aggregates.lookup(CATALOG, "trackId", "_id", "catalog"),
                Aggregates.unwind("$catalog", new UnwindOptions().preserveNullAndEmptyArrays(true)));
    }

    /** {@code min(bins - 1, max(0, floor(value * bins)))}: the bin of a 0..1 feature, 1.0 in the last one. */
    private static Document bin(String field, int bins) {
        Document floor = new Document("$floor", new Document("$multiply", List.of(field, bins)));
        return new Document("$min", List.of(bins - 1, new Document("$max", List.of(0, floor))));
    }

    private static Document dateString(String format, String dateField, ZoneId zone) {
        return new Document("$dateToString", new Document("format", format)
                .append("date", dateField)
                .append("timezone", mongoZone(zone)));
    }

    /**
     * The zone as MongoDB names it: region ids (Europe/Berlin) as they are, fixed offsets as {@code +hh:mm}
     * (Java also accepts {@code Z} and {@code UTC+01:00}, which MongoDB does not).
     */
    static String mongoZone(ZoneId zone) {
        ZoneId normalized = zone.normalized();
        if (normalized instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
        }
        return normalized.getId();
    }

    private static List<Bson> distinctCount(String field) {
        return List.of(
                Aggregates.match(Filters.ne(field, null)),
                Aggregates.group("$" + field),
                Aggregates.group(null, Accumulators.sum("count", 1)));
    }

    private static Document isStream() {
        return new Document("$gte", List.of("$msPlayed", ListeningRules.STREAM_MIN_MS));
    }

    /** The skip rule of {@link ListeningRules}, as an aggregation expression. */
    private static Document isSkip() {
        // $ifNull makes a missing reasonEnd count like an explicit null (plain $eq treats "missing" apart).
        Document reasonEnd = new Document("$ifNull", Arrays.asList("$reasonEnd", null));
        Document withoutReason = new Document("$eq", Arrays.asList(reasonEnd, null));
        return new Document("$or", List.of(
                new Document("$eq", List.of("$skipped", true)),
                new Document("$eq", List.of("$reasonEnd", ListeningRules.SKIP_REASON_END)),
                new Document("$and", List.of(withoutReason,
                        new Document("$lt", List.of("$msPlayed", ListeningRules.STREAM_MIN_MS))))));
    }

    private static Document countIf(Document condition) {
        return new Document("$cond", List.of(condition, 1, 0));
    }

    private AggregateOptions aggregateOptions() {
        return new AggregateOptions().maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ListeningTotals toTotals(Document result) {
        Document totals = single(result, "totals");
        if (totals == null) {
            return ListeningTotals.NONE;
        }
        Document tracks = single(result, "tracks");
        Document artists = single(result, "artists");
        return new ListeningTotals(
                number(totals, "records"),
                number(totals, "streams"),
                number(totals, "skips"),
                number(totals, "msPlayed"),
                tracks == null ? 0 : number(tracks, "count"),
                artists == null ? 0 : number(artists, "count"),
                instant(totals, "firstPlayedAt"),
                instant(totals, "lastPlayedAt"));
    }

    private static TrackRank toTrackRank(Document row) {
        return new TrackRank(row.getString("trackUri"), row.getString("track"), row.getString("artist"),
                number(row, "streams"), number(row, "msPlayed"));
    }

    private static PlayTimes toPlayTimes(Document doc) {
        long end = doc.getDate("playedAt").getTime();
        long ms = number(doc, "msPlayed");
        Date started = doc.getDate("startedAt");
        return new PlayTimes(started != null ? started.getTime() : end - ms, end, ms);
    }

    /** A $facet output is an array of zero or one documents here. */
    private static Document single(Document result, String facet) {
        if (result == null) {
            return null;
        }
        List<Document> rows = result.getList(facet, Document.class, List.of());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static long number(Document document, String field) {
        // $sum yields int, long or double depending on the inputs; all of ours are whole numbers.
        Object value = document.get(field);
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
