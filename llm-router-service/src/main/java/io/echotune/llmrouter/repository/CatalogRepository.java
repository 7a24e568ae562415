package io.echotune.llmrouter.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.echotune.llmrouter.local.Gazetteer;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Read access to ingestion-service's track catalog {@code tracks} ({@code {_id, name, artists: [...], album,
 * genres: [...], features}}) and its version in {@code catalog_meta}, in the database named by
 * {@code quarkus.mongodb.database}. ingestion-service owns both: it writes them and decides their indexes (on
 * {@code tracks} only {@code _id}). The router only reads (names, artists and genres for its gazetteer, and the
 * version) and creates no index (docs/stores.md).
 */
@ApplicationScoped
public class CatalogRepository {

    static final String COLLECTION = "tracks";
    static final String META_COLLECTION = "catalog_meta";
    static final String META_ID = "catalog";
    private static final int BATCH = 10_000;

    private final ReactiveMongoCollection<Document> tracks;
    private final ReactiveMongoCollection<Document> meta;

    public CatalogRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.tracks = mongo.getDatabase(database).getCollection(COLLECTION);
        this.meta = mongo.getDatabase(database).getCollection(META_COLLECTION);
    }

    /**
     * The version the catalog loader bumps on every finished load ({@code catalog_meta} by {@code _id}: one cheap
     * lookup); null before the first load.
     */
    public Uni<Long> version() {
        return meta.find(Filters.eq("_id", META_ID)).collect().first()
                .map(doc -> doc == null || !(doc.get("version") instanceof Number n) ? null : n.longValue());
    }

    /** The names of at most {@code maxTracks} catalog tracks, as a gazetteer. */
    public Uni<Gazetteer> gazetteer(int maxTracks) {
        FindOptions options = new FindOptions()
                .projection(Projections.include("name", "artists", "genres"))
                .batchSize(BATCH)
                .limit(maxTracks);
        return tracks.find(options)
                .collect().in(Gazetteer::builder, (builder, doc) -> builder.addTrack(doc.getString("name"),
                        strings(doc, "artists"), strings(doc, "genres")))
                .map(Gazetteer.Builder::build);
    }

    private static List<String> strings(Document doc, String field) {
        Object value = doc.get(field);
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return value instanceof String single ? List.of(single) : List.of();
    }
}
