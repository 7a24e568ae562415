package io.echotune.recommender.repository;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.echotune.recommender.ranking.Play;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Date;
import java.util.List;

/**
 * Read access to {@code listening_history}, which the ingestion service writes (its README, "Stored document").
 * A user's plays are read whole when their profile is rebuilt (import completion, start-up), never per request: a
 * history of 250,000 plays is a read of that many documents however it is indexed; requests read the profile.
 */
@ApplicationScoped
public class HistoryRepository {

    private final ReactiveMongoCollection<Document> history;

    public HistoryRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = mongo.getDatabase(database).getCollection("listening_history");
    }

    /** Records per user: how the start-up check tells which stored profiles are behind the history. */
    public record UserRecords(String userId, long records) {
    }

    /** A user's plays, unresolved: the catalog id is left to the profile build ({@code Play.trackId} holds the URI). */
    public Multi<Play> plays(String userId) {
        return history.find(Filters.eq("userId", userId), new FindOptions().batchSize(5_000)
                .projection(Projections.include("_id", "playedAt", "msPlayed", "contentType", "trackUri", "trackKey",
                        "trackName", "artistName", "albumName", "reasonStart", "reasonEnd", "skipped")))
                .map(HistoryRepository::play);
    }

    static Play play(Document d) {
        Date playedAt = d.getDate("playedAt");
        return new Play(d.getString("_id"), playedAt == null ? 0 : playedAt.getTime(),
                d.get("msPlayed") instanceof Number ms ? ms.longValue() : 0, d.getString("contentType"),
                d.getString("trackUri"), d.getString("trackName"), d.getString("artistName"), d.getString("reasonStart"),
                d.getString("reasonEnd"), d.get("skipped") instanceof Boolean b ? b : null, d.getString("trackKey"),
                d.getString("albumName"));
    }

    public Uni<List<UserRecords>> recordsPerUser() {
        return history.aggregate(List.of(Aggregates.group("$userId", Accumulators.sum("records", 1)),
                        Aggregates.sort(new Document("_id", 1))))
                .map(d -> new UserRecords(d.getString("_id"), ((Number) d.get("records")).longValue()))
                .collect().asList();
    }
}
