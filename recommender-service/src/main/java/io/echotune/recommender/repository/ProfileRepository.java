package io.echotune.recommender.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.echotune.recommender.mapping.ProfileDocuments;
import io.echotune.recommender.ranking.StoredProfile;
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
 *
 * <p>Every request checks that its cached profile is current, so each saved version is also written to a small
 * document of its own in {@code taste_profile_versions}: a profile document is large (465 KB for a 250k-record
 * history), and a server loads a whole document from storage to project one field out of it, so the version is
 * read from a document of a few bytes instead (measured on the local stand-in: docs/benchmarks.md).
 * The version document is written after the profile and only ever raised ({@code $max}); a missing one (a profile
 * saved before it existed, or a write cut short between the two) is read from the profile and written then.
 */
@ApplicationScoped
public class ProfileRepository {

    static final String COLLECTION = "taste_profiles";
    static final String VERSIONS = "taste_profile_versions";

    private final ReactiveMongoCollection<Document> profiles;
    private final ReactiveMongoCollection<Document> versions;

    public ProfileRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.profiles = mongo.getDatabase(database).getCollection(COLLECTION);
        this.versions = mongo.getDatabase(database).getCollection(VERSIONS);
    }

    public Uni<Optional<StoredProfile>> find(String userId) {
        return profiles.find(Filters.eq("_id", userId)).collect().first()
                .map(d -> Optional.ofNullable(d).map(ProfileDocuments::fromDocument));
    }

    /** Only the version (0: no profile): the cheap check that a cached profile is still current. */
    public Uni<Long> version(String userId) {
        return versions.find(Filters.eq("_id", userId)).collect().first().flatMap(d -> d != null
                ? Uni.createFrom().item(((Number) d.get("version")).longValue())
                : profiles.find(Filters.eq("_id", userId), new FindOptions().projection(Projections.include("version")).limit(1))
                        .collect().first()
                        .flatMap(p -> p == null ? Uni.createFrom().item(0L)
                                : recordVersion(userId, ((Number) p.get("version")).longValue())));
    }

    private Uni<Long> recordVersion(String userId, long version) {
        return versions.updateOne(Filters.eq("_id", userId), Updates.max("version", version), new UpdateOptions().upsert(true))
                .onFailure(ProfileRepository::isDuplicateKey).recoverWithNull()   // two first writers: one upsert wins
                .replaceWith(version);
    }

    /**
     * Writes {@code next} if the stored version is still {@code next.version() - 1} (or, for version 1, if there is
     * no document yet). False when someone else wrote first.
     */
    public Uni<Boolean> save(StoredProfile next) {
        Document document = ProfileDocuments.toDocument(next);
        Uni<Boolean> saved = next.version() == 1
                ? profiles.insertOne(document).replaceWith(true).onFailure(ProfileRepository::isDuplicateKey).recoverWithItem(false)
                : profiles.replaceOne(Filters.and(Filters.eq("_id", next.userId()), Filters.eq("version", next.version() - 1)),
                        document, new ReplaceOptions().upsert(false)).map(result -> result.getMatchedCount() == 1);
        return saved.call(written -> written ? recordVersion(next.userId(), next.version()) : Uni.createFrom().voidItem());
    }

    /** The loved tracks of every profile, for the co-listening model (user ids are not read). */
    public Multi<List<String>> lovedLists() {
        return profiles.find(new FindOptions().batchSize(1_000).projection(Projections.include("loved")))
                .map(d -> CatalogRepository.strings(d.get("loved")));
    }

    /** The version document goes first: without it a reader falls back to the profile, never to a stale version. */
    public Uni<Void> delete(String userId) {
        return versions.deleteOne(Filters.eq("_id", userId))
                .chain(() -> profiles.deleteOne(Filters.eq("_id", userId)))
                .chain(() -> versions.deleteOne(Filters.eq("_id", userId)))   // one a racing reader may have re-created
                .replaceWithVoid();
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
