package io.echotune.insights.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.echotune.insights.config.InsightsConfig;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Genres and mood features of catalog tracks ({@code tracks}, filled by the catalog loader and the enrichment
 * workers), read at request time by {@code _id} so figures always reflect the catalog as it is now. Lookups by
 * {@code _id} with {@code $in} are index lookups.
 */
@ApplicationScoped
public class TrackCatalogRepository {

    static final String COLLECTION = "tracks";
    /** The catalog loader's version document: {_id: "catalog", version, ...}, version bumped after every load. */
    static final String META = "catalog_meta";
    static final String META_ID = "catalog";
    /**
     * Ids per query: small enough that one reply stays far below the 16 MB reply limit and that {@link #CONCURRENT_QUERIES}
     * queries overlap their round trips (what larger batches cost on the local stand-in: docs/benchmarks.md).
     */
    private static final int IDS_PER_QUERY = 500;
    /** Queries in flight at once: overlaps the round trips. */
    private static final int CONCURRENT_QUERIES = 4;

    private final ReactiveMongoCollection<Document> tracks;
    private final ReactiveMongoCollection<Document> meta;
    private final InsightsConfig config;

    public TrackCatalogRepository(ReactiveMongoClient mongo, InsightsConfig config,
                                  @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.tracks = mongo.getDatabase(database).getCollection(COLLECTION);
        this.meta = mongo.getDatabase(database).getCollection(META);
        this.config = config;
    }

    /** The version of the catalog's last bulk load; 0 before the first. */
    public Uni<Long> loadVersion() {
        return meta.find(new FindOptions().filter(Filters.eq("_id", META_ID)).limit(1)
                        .maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .collect().first()
                .map(doc -> doc != null && doc.get("version") instanceof Number n ? n.longValue() : 0L);
    }

    /** The facts of those of {@code trackIds} the catalog has; ids it lacks are simply absent from the map. */
    public Uni<Map<String, CatalogFacts>> facts(Collection<String> trackIds) {
        if (trackIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> ids = new ArrayList<>(trackIds);
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            batches.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToMulti(batch -> tracks.find(new FindOptions()
                        .filter(Filters.in("_id", batch))
                        .projection(Projections.include("genres", "features"))
                        .maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)))
                .merge(CONCURRENT_QUERIES)
                .collect().in(HashMap::new, (map, doc) -> map.put(String.valueOf(doc.get("_id")), toFacts(doc)));
    }

    private static CatalogFacts toFacts(Document doc) {
        List<String> genres = new ArrayList<>();
        if (doc.get("genres") instanceof List<?> list) {
            for (Object genre : list) {
                if (genre != null) {
                    genres.add(genre.toString());
                }
            }
        }
        Double valence = null;
        Double energy = null;
        if (doc.get("features") instanceof Document features) {
            valence = number(features.get("valence"));
            energy = number(features.get("energy"));
        }
        return new CatalogFacts(List.copyOf(genres), valence, energy);
    }

    /** Features are numbers when known; anything else (null, missing, a stray string) counts as unknown. */
    private static Double number(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }
}
