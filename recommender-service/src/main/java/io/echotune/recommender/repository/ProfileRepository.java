package io.echotune.recommender.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import io.echotune.recommender.mapping.ProfileDocuments;
import io.echotune.recommender.model.StoredProfile;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * Taste profiles in MongoDB ({@code taste_profiles}, one document per user, _id = user id). Writes are optimistic:
 * a profile is replaced only if its stored version is the one it was read at, so two writers (a listening batch and
 * a feedback call, or two replicas) never lose each other's update; the loser re-reads and retries.
 */
@ApplicationScoped
public class ProfileRepository {

    static final String COLLECTION = "taste_profiles";

    private final ReactiveMongoCollection<Document> profiles;

    public ProfileRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.profiles = mongo.getDatabase(database).getCollection(COLLECTION);
    }

    public Uni<Optional<StoredProfile>> find(String userId) {
        return profiles.find(Filters.eq("_id", userId)).collect().first()
                .map(d -> Optional.ofNullable(d).map(ProfileDocuments::fromDocument));
    }

    /** Only the version: the cheap check that a cached profile is still current. */
    public Uni<Long> version(String userId) {
        return profiles.find(Filters.eq("_id", userId), new FindOptions().projection(Projections.include("version")).limit(1))
                .collect().first()
                .map(d -> d == null ? 0L : ((Number) d.get("version")).longValue());
    }

    /**
     * Writes {@code next} if the stored version is still {@code next.version() - 1} (or, for version 1, if there is
     * no document yet). False when someone else wrote first.
     */
    public Uni<Boolean> save(StoredProfile next) {
        Document document = ProfileDocuments.toDocument(next);
        if (next.version() == 1) {
            return profiles.insertOne(document).replaceWith(true)
                    .onFailure(ProfileRepository::isDuplicateKey).recoverWithItem(false);
        }
        return profiles.replaceOne(Filters.and(Filters.eq("_id", next.userId()), Filters.eq("version", next.version() - 1)),
                        document, new ReplaceOptions().upsert(false))
                .map(result -> result.getMatchedCount() == 1);
    }

    /** The loved tracks of every profile, for the co-listening model (user ids are not read). */
    public Multi<List<String>> lovedLists() {
        return profiles.find(new FindOptions().batchSize(1_000).projection(Projections.include("loved")))
                .map(d -> CatalogRepository.strings(d.get("loved")));
    }

    public Uni<Void> delete(String userId) {
        return profiles.deleteOne(Filters.eq("_id", userId)).replaceWithVoid();
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
