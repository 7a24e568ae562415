package io.echotune.recommender.repository;

import com.mongodb.client.model.Indexes;
import io.echotune.recommender.Feedback;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Date;

/**
 * Recommendation feedback in MongoDB ({@code recommendation_feedback}), one document per signal, owned by its
 * user. The taste model reads it newest first per user, hence the {userId, receivedAt} index.
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
    }

    /** Inserts with the driver's default write concern and completes only once the server acknowledged it. */
    public Uni<Feedback> insert(String userId, Feedback item) {
        Document document = new Document("_id", item.feedbackId().toString())
                .append("userId", userId)
                .append("trackId", item.trackId())
                .append("signal", item.signal().wireName())
                .append("requestId", item.requestId())
                .append("receivedAt", Date.from(item.receivedAt()));
        return feedback.insertOne(document).replaceWith(item);
    }
}
