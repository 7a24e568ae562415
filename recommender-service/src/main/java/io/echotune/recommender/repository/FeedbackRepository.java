package io.echotune.recommender.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.echotune.recommender.Feedback;
import io.echotune.recommender.FeedbackSignal;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Recommendation feedback in MongoDB ({@code recommendation_feedback}), one document per signal, owned by its
 * user. The taste model reads it newest first per user, hence the {userId, receivedAt} index. Each document is also
 * the outbox entry of its {@code feedback.recorded} event: {@code published} turns true once Kafka acknowledged it.
 */
@ApplicationScoped
public class FeedbackRepository {

    static final String COLLECTION = "recommendation_feedback";
    private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(30);

    private final ReactiveMongoCollection<Document> feedback;

    public FeedbackRepository(ReactiveMongoClient mongo,
                              @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.feedback = mongo.getDatabase(database).getCollection(COLLECTION);
    }

    void ensureIndexes(@Observes StartupEvent startup) {
        feedback.createIndex(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("receivedAt")))
                .await().atMost(INDEX_TIMEOUT);
        feedback.createIndex(Indexes.compoundIndex(Indexes.ascending("published"), Indexes.ascending("receivedAt")))
                .await().atMost(INDEX_TIMEOUT);
    }

    /** Inserts with the driver's default write concern and completes only once the server acknowledged it. */
    public Uni<Feedback> insert(String userId, Feedback item) {
        Document document = new Document("_id", item.feedbackId().toString())
                .append("userId", userId)
                .append("trackId", item.trackId())
                .append("signal", item.signal().wireName())
                .append("requestId", item.requestId())
                .append("receivedAt", Date.from(item.receivedAt()))
                .append("published", false);
        return feedback.insertOne(document).replaceWith(item);
    }

    /** A user's feedback, oldest first (a profile rebuild replays it). */
    public Uni<List<Feedback>> findByUser(String userId) {
        return feedback.find(Filters.eq("userId", userId), new FindOptions().sort(Sorts.ascending("receivedAt", "_id")))
                .map(FeedbackRepository::toFeedback).collect().asList();
    }

    /** A user's feedback, oldest first, read as it is sent (the data export). */
    public Multi<Feedback> streamByUser(String userId) {
        return feedback.find(Filters.eq("userId", userId), new FindOptions().sort(Sorts.ascending("receivedAt", "_id")))
                .map(FeedbackRepository::toFeedback);
    }

    /** An unpublished feedback document with its owner, for the outbox. */
    public record Pending(String userId, Feedback feedback) {
    }

    public Uni<List<Pending>> unpublished(Instant receivedBefore, int limit) {
        return feedback.find(Filters.and(Filters.eq("published", false), Filters.lt("receivedAt", Date.from(receivedBefore))),
                        new FindOptions().sort(Sorts.ascending("receivedAt", "_id")).limit(limit))
                .map(d -> new Pending(d.getString("userId"), toFeedback(d))).collect().asList();
    }

    public Uni<Void> markPublished(UUID feedbackId) {
        return feedback.updateOne(Filters.eq("_id", feedbackId.toString()), Updates.set("published", true)).replaceWithVoid();
    }

    public Uni<Long> deleteByUser(String userId) {
        return feedback.deleteMany(Filters.eq("userId", userId)).map(r -> r.getDeletedCount());
    }

    private static Feedback toFeedback(Document d) {
        return new Feedback(UUID.fromString(d.getString("_id")), d.getString("trackId"),
                FeedbackSignal.fromWireName(d.getString("signal")).orElseThrow(), d.getString("requestId"),
                d.getDate("receivedAt").toInstant());
    }
}
