package io.echotune.insights.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.echotune.insights.ListeningRules;
import io.echotune.insights.config.InsightsConfig;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Read access to {@code listening_history}, the collection ingestion-service writes (one document per play). Insights
 * read it only to build a user's snapshot ({@link ListeningSnapshotRepository}): one pass over the user's music
 * records, streamed, never held as documents.
 */
@ApplicationScoped
public class ListeningHistoryRepository {

    static final String COLLECTION = "listening_history";

    private static final Logger LOG = Logger.getLogger(ListeningHistoryRepository.class);
    private static final int BUILD_BATCH = 10_000;
    private static final List<String> SNAPSHOT_FIELDS = List.of("playedAt", "startedAt", "msPlayed", "trackKey",
            "trackUri", "trackName", "artistName", "reasonEnd", "skipped");

    private final ReactiveMongoCollection<Document> history;
    private final InsightsConfig config;

    public ListeningHistoryRepository(ReactiveMongoClient mongo, InsightsConfig config,
                                      @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = mongo.getDatabase(database).getCollection(COLLECTION);
        this.config = config;
    }

    /** Every music record of the user, in no particular order, with only the fields a snapshot keeps. */
    public Multi<MusicPlay> musicPlays(String userId) {
        FindOptions options = new FindOptions()
                .filter(Filters.and(Filters.eq("userId", userId), Filters.eq("contentType", ListeningRules.MUSIC)))
                .projection(Projections.fields(Projections.include(SNAPSHOT_FIELDS), Projections.excludeId()))
                .batchSize(BUILD_BATCH)
                .maxTime(config.snapshotBuildTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return history.find(options)
                .filter(doc -> {
                    // Ingestion never stores a play without its end time; skip rather than invent one.
                    boolean dated = doc.get("playedAt") instanceof Date;
                    if (!dated) {
                        LOG.warnf("A music record of %s without playedAt left out of insights", userId);
                    }
                    return dated;
                })
                .map(ListeningHistoryRepository::toMusicPlay);
    }

    /** Whether the user has any music record. */
    public Uni<Boolean> hasMusicPlays(String userId) {
        return history.find(Filters.and(Filters.eq("userId", userId), Filters.eq("contentType", ListeningRules.MUSIC)),
                        new FindOptions().projection(Projections.include("_id")).limit(1))
                .collect().first()
                .map(found -> found != null);
    }

    private static MusicPlay toMusicPlay(Document doc) {
        long end = doc.getDate("playedAt").getTime();
        // $sum treated a missing or non-numeric msPlayed as 0; so does this.
        long ms = doc.get("msPlayed") instanceof Number n ? n.longValue() : 0L;
        Date started = doc.get("startedAt") instanceof Date d ? d : null;
        return new MusicPlay(end, started != null ? started.getTime() : end - ms, ms, text(doc, "trackKey"),
                text(doc, "trackUri"), text(doc, "trackName"), text(doc, "artistName"), text(doc, "reasonEnd"),
                doc.get("skipped") instanceof Boolean b ? b : null);
    }

    private static String text(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof String s ? s : null;
    }
}
