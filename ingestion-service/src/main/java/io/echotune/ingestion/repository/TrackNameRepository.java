package io.echotune.ingestion.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code echotune.track_names}: {_id: name key ({@code TrackNames.nameKey(artist, title)}), trackId, source:
 * "catalog"|"history"}, how records without a URI (basic exports) find a Spotify track id. Catalog entries are
 * written for every credited artist of every catalog track and win over history entries; history entries
 * (from extended imports, which carry the URI with the names) are only inserted, never change a stored entry.
 * Lookups are by unique {@code _id} only.
 */
@ApplicationScoped
public class TrackNameRepository {

    public static final String COLLECTION = "track_names";
    public static final String CATALOG = "catalog";
    public static final String HISTORY = "history";

    private final ReactiveMongoCollection<Document> names;

    public TrackNameRepository(ReactiveMongoClient mongo) {
        this.names = mongo.getDatabase("echotune").getCollection(COLLECTION);
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

    /** Records name keys seen with a URI in an extended import; an existing entry (catalog or history) stays. */
    public Uni<Integer> recordHistory(Map<String, String> trackIdByKey) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        trackIdByKey.forEach((key, trackId) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", key),
                new Document("$setOnInsert", new Document("trackId", trackId).append("source", HISTORY)),
                new UpdateOptions().upsert(true))));
        return CatalogRepository.write(names, writes);
    }
}
