package io.echotune.insights.repository;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import io.echotune.insights.ListeningRules;
import io.echotune.insights.config.InsightsConfig;
import io.quarkus.mongodb.AggregateOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Read access to {@code listening_history}, the collection ingestion-service writes (one document per play).
 * Every query starts with a {@code $match} on the caller's userId, served by the {userId, playedAt} index.
 */
@ApplicationScoped
public class ListeningHistoryRepository {

    static final String COLLECTION = "listening_history";

    private static final Logger LOG = Logger.getLogger(ListeningHistoryRepository.class);
    /** createIndex codes for "an equivalent index exists under another name or with other options". */
    private static final List<Integer> INDEX_CONFLICT_CODES = List.of(85, 86);
    private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(30);

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
     */
    void ensureIndexes(@Observes StartupEvent startup) {
        history.createIndex(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("playedAt")))
                .onFailure(e -> e instanceof MongoCommandException c && INDEX_CONFLICT_CODES.contains(c.getErrorCode()))
                .recoverWithItem(e -> {
                    LOG.infof("An index on {userId: 1, playedAt: -1} already exists with other options: %s", e.getMessage());
                    return null;
                })
                .await().atMost(INDEX_TIMEOUT);
    }

    /** The user's music totals with {@code from <= playedAt < to} (either bound may be null = open). */
    public Uni<ListeningTotals> musicTotals(String userId, Instant from, Instant to) {
        List<Bson> match = new ArrayList<>(List.of(
                Filters.eq("userId", userId),
                Filters.eq("contentType", ListeningRules.MUSIC)));
        if (from != null) {
            match.add(Filters.gte("playedAt", Date.from(from)));
        }
        if (to != null) {
            match.add(Filters.lt("playedAt", Date.from(to)));
        }

        // One pass over the matched records; distinct tracks and artists are counted by grouping rather than
        // $addToSet so that a long history never builds one huge array.
        List<Bson> pipeline = List.of(
                Aggregates.match(Filters.and(match)),
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

        AggregateOptions options = new AggregateOptions().maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return history.aggregate(pipeline, options).collect().first()
                .map(ListeningHistoryRepository::toTotals);
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
