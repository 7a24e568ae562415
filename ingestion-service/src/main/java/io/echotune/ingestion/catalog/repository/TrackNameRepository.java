package io.echotune.ingestion.catalog.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code echotune.track_names}: {_id: name key ({@code TrackNames.nameKey(artist, title)}), trackId, source:
 * "catalog"|"history"}, how records without a URI (basic exports) find a Spotify track id. Catalog entries are
 * written for every credited artist of every catalog track and win over history entries.
 * <p>
 * History entries come from extended imports, which carry the URI with the names. Because {@code track_names} is
 * shared by every user, one user's import must not decide how a name resolves for everyone else (anyone can write
 * any names next to any URI in a file they upload). So each import only records a claim in
 * {@code echotune.track_name_claims} ({_id: nameKey|trackId|userId, nameKey, trackId, userId, claimedAt}), and a
 * name enters {@code track_names} once {@code quorum} distinct users have claimed the same track id for it; among
 * several ids with a quorum, the one with the most users wins (ties by id). Lookups are by unique {@code _id}.
 */
@ApplicationScoped
public class TrackNameRepository {

    public static final String COLLECTION = "track_names";
    public static final String CLAIMS = "track_name_claims";
    public static final String CATALOG = "catalog";
    public static final String HISTORY = "history";

    private final ReactiveMongoCollection<Document> names;
    private final ReactiveMongoCollection<Document> claims;
    private final int quorum;

    public TrackNameRepository(ReactiveMongoDatabase database, IngestionConfig config) {
        this.names = database.getCollection(COLLECTION);
        this.claims = database.getCollection(CLAIMS);
        this.quorum = config.enrichment().nameClaimQuorum();
    }

    /** The index the quorum count reads claims by. */
    public Uni<Void> ensureIndexes() {
        return claims.createIndex(Indexes.ascending("nameKey", "trackId"), new IndexOptions().name("nameKey_trackId"))
                .replaceWithVoid();
    }

    /** Track ids by name key, for the keys that are known. */
    public Uni<Map<String, String>> trackIds(Collection<String> nameKeys) {
        return CatalogRepository.byIds(names, nameKeys).map(found -> {
            Map<String, String> ids = new HashMap<>();
            found.forEach((key, doc) -> ids.put(key, doc.getString("trackId")));
            return ids;
        });
    }

    /** Writes the catalog's entries that are missing or differ; returns how many were written. */
    public Uni<Integer> syncCatalog(Map<String, String> trackIdByKey) {
        return CatalogRepository.byIds(names, trackIdByKey.keySet()).chain(existing -> {
            List<WriteModel<Document>> writes = new ArrayList<>();
            trackIdByKey.forEach((key, trackId) -> {
                Document stored = existing.get(key);
                if (stored == null || !Objects.equals(stored.getString("trackId"), trackId)
                        || !CATALOG.equals(stored.getString("source"))) {
                    writes.add(new UpdateOneModel<>(Filters.eq("_id", key),
                            new Document("$set", new Document("trackId", trackId).append("source", CATALOG)),
                            new UpdateOptions().upsert(true)));
                }
            });
            return CatalogRepository.write(names, writes);
        });
    }

    /**
     * Records that {@code userId} imported these names with these track ids (an extended import), and promotes every
     * name whose claims now reach the quorum into {@code track_names}; catalog entries are never changed. Answers how
     * many names were promoted.
     */
    public Uni<Integer> recordHistory(String userId, Map<String, String> trackIdByKey) {
        if (trackIdByKey.isEmpty() || userId == null) {
            return Uni.createFrom().item(0);
        }
        Date now = new Date();
        List<WriteModel<Document>> writes = new ArrayList<>();
        trackIdByKey.forEach((key, trackId) -> writes.add(new UpdateOneModel<>(
                Filters.eq("_id", key + "|" + trackId + "|" + userId),
                new Document("$setOnInsert", new Document("nameKey", key).append("trackId", trackId)
                        .append("userId", userId).append("claimedAt", now)),
                new UpdateOptions().upsert(true))));
        return CatalogRepository.write(claims, writes).chain(() -> promote(trackIdByKey.keySet()));
    }

    /**
     * Withdraws every claim of {@code userId} (account erasure), and reconsiders the names they were about: a name
     * that entered {@code track_names} from history keeps its entry only while it still has a quorum of other users
     * (the winner may change), so a name this user helped decide no longer resolves on their word. Answers how many
     * claims were withdrawn.
     */
    public Uni<Integer> withdrawClaims(String userId) {
        return claims.find(Filters.eq("userId", userId)).map(d -> d.getString("nameKey")).collect().asSet()
                .chain(keys -> claims.deleteMany(Filters.eq("userId", userId))
                        .chain(() -> reconsider(keys))
                        .replaceWith(keys.size()));
    }

    /** Sets or removes the history entries of {@code keys} to match their claims now. */
    private Uni<Void> reconsider(java.util.Set<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return winners(keys).chain(best -> CatalogRepository.byIds(names, keys).chain(existing -> {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (String key : keys) {
                Document stored = existing.get(key);
                if (stored != null && CATALOG.equals(stored.getString("source"))) {
                    continue;   // the catalog decides its own names
                }
                String winner = best.get(key);
                if (winner == null && stored != null) {
                    writes.add(new com.mongodb.client.model.DeleteOneModel<>(
                            Filters.and(Filters.eq("_id", key), Filters.eq("source", HISTORY))));
                } else if (winner != null && (stored == null || !winner.equals(stored.getString("trackId")))) {
                    writes.add(new UpdateOneModel<>(Filters.eq("_id", key),
                            new Document("$set", new Document("trackId", winner).append("source", HISTORY)),
                            new UpdateOptions().upsert(true)));
                }
            }
            return CatalogRepository.write(names, writes).replaceWithVoid();
        }));
    }

    /** For each of {@code keys} with a quorum, the track id most users claimed (ties by id). */
    private Uni<Map<String, String>> winners(Collection<String> keys) {
        List<Document> pipeline = List.of(
                new Document("$match", new Document("nameKey", new Document("$in", List.copyOf(keys)))),
                new Document("$group", new Document("_id", new Document("nameKey", "$nameKey").append("trackId", "$trackId"))
                        .append("users", new Document("$sum", 1))));
        return claims.aggregate(pipeline).collect().asList().map(groups -> {
            Map<String, String> best = new HashMap<>();
            Map<String, Integer> bestUsers = new HashMap<>();
            for (Document group : groups) {
                Document id = group.get("_id", Document.class);
                int users = ((Number) group.get("users")).intValue();
                if (users < quorum) {
                    continue;
                }
                String key = id.getString("nameKey");
                String trackId = id.getString("trackId");
                Integer current = bestUsers.get(key);
                if (current == null || users > current || (users == current && trackId.compareTo(best.get(key)) < 0)) {
                    best.put(key, trackId);
                    bestUsers.put(key, users);
                }
            }
            return best;
        });
    }

    /** Writes into {@code track_names} the names among {@code keys} whose claims reach the quorum. */
    private Uni<Integer> promote(Collection<String> keys) {
        List<Document> pipeline = List.of(
                new Document("$match", new Document("nameKey", new Document("$in", List.copyOf(keys)))),
                new Document("$group", new Document("_id", new Document("nameKey", "$nameKey").append("trackId", "$trackId"))
                        .append("users", new Document("$sum", 1))));
        return claims.aggregate(pipeline).collect().asList().chain(groups -> {
            Map<String, Document> best = new HashMap<>();
            for (Document group : groups) {
                Document id = group.get("_id", Document.class);
                int users = ((Number) group.get("users")).intValue();
                if (users < quorum) {
                    continue;
                }
                Document current = best.get(id.getString("nameKey"));
                int currentUsers = current == null ? -1 : ((Number) current.get("users")).intValue();
                if (users > currentUsers || (users == currentUsers
                        && id.getString("trackId").compareTo(current.get("_id", Document.class).getString("trackId")) < 0)) {
                    best.put(id.getString("nameKey"), group);
                }
            }
            if (best.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return CatalogRepository.byIds(names, best.keySet()).chain(existing -> {
                List<WriteModel<Document>> writes = new ArrayList<>();
                best.forEach((key, group) -> {
                    String trackId = group.get("_id", Document.class).getString("trackId");
                    Document stored = existing.get(key);
                    boolean catalogOwned = stored != null && CATALOG.equals(stored.getString("source"));
                    if (!catalogOwned && (stored == null || !trackId.equals(stored.getString("trackId")))) {
                        writes.add(new UpdateOneModel<>(Filters.eq("_id", key),
                                new Document("$set", new Document("trackId", trackId).append("source", HISTORY)),
                                new UpdateOptions().upsert(true)));
                    }
                });
                return CatalogRepository.write(names, writes);
            });
        });
    }
}
