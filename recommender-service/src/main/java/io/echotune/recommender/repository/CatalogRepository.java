package io.echotune.recommender.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.echotune.recommender.ranking.CatalogEntry;
import io.echotune.recommender.ranking.FeatureSpace;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read access to the catalog the ingestion service's loader owns: {@code tracks}, {@code artists}, {@code track_names}
 * and the {@code catalog_meta} version document. The recommender reads it whole into its in-memory index when the
 * version changes, and looks up names by _id (the unique index every MongoDB, stand-in included, serves).
 */
@ApplicationScoped
public class CatalogRepository {

    private static final int BATCH = 5_000;
    private static final int IN_CHUNK = 1_000;

    private final ReactiveMongoCollection<Document> tracks;
    private final ReactiveMongoCollection<Document> artists;
    private final ReactiveMongoCollection<Document> trackNames;
    private final ReactiveMongoCollection<Document> meta;

    public CatalogRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        var db = mongo.getDatabase(database);
        this.tracks = db.getCollection("tracks");
        this.artists = db.getCollection("artists");
        this.trackNames = db.getCollection("track_names");
        this.meta = db.getCollection("catalog_meta");
    }

    /** The catalog version ({@code catalog_meta._id = "catalog"}), 0 when no loader has written one yet. */
    public Uni<Long> version() {
        return meta.find(Filters.eq("_id", "catalog"), new FindOptions().projection(Projections.include("version")).limit(1))
                .collect().first()
                .map(d -> d == null || d.get("version") == null ? 0L : ((Number) d.get("version")).longValue());
    }

    /** One {@code artists} document: the artist's normalised name ({@code _id}) and its genre tags. */
    public record ArtistGenres(String key, List<String> genres) {
    }

    public Multi<CatalogEntry> tracks() {
        return tracks.find(new FindOptions().batchSize(BATCH).projection(Projections.include("name", "artists", "album",
                "genres", "features", "popularity", "durationMs", "explicit", "releaseYear", "playlists")))
                .map(CatalogRepository::entry);
    }

    public Multi<ArtistGenres> artists() {
        return artists.find(new FindOptions().batchSize(BATCH).projection(Projections.include("genres")))
                .map(d -> new ArtistGenres(d.getString("_id"), strings(d.get("genres"))));
    }

    /** A {@code tracks} document as the index takes it: a feature, field or list of the wrong type counts as absent. */
    static CatalogEntry entry(Document d) {
        double[] features = new double[FeatureSpace.DIMENSIONS];
        Arrays.fill(features, Double.NaN);
        if (d.get("features") instanceof Document f) {
            for (int i = 0; i < features.length; i++) {
                if (f.get(FeatureSpace.NAMES.get(i)) instanceof Number value) {
                    features[i] = value.doubleValue();
                }
            }
        }
        return new CatalogEntry(d.getString("_id"), d.getString("name"), strings(d.get("artists")),
                d.getString("album"), strings(d.get("genres")), features,
                d.get("popularity") instanceof Number p ? p.intValue() : null,
                d.get("durationMs") instanceof Number ms ? ms.longValue() : null,
                d.get("explicit") instanceof Boolean b ? b : null,
                d.get("releaseYear") instanceof Number year ? year.intValue() : null,
                strings(d.get("playlists")));
    }

    /** Track ids of name keys ({@code TrackNames.nameKey(artist, title)}) the catalog knows. */
    public Uni<Map<String, String>> trackIdsByNameKey(Collection<String> nameKeys) {
        return inChunks(trackNames, nameKeys, "trackId").map(docs -> {
            Map<String, String> out = new HashMap<>();
            docs.forEach(d -> out.put(d.getString("_id"), d.getString("trackId")));
            return out;
        });
    }

    private static Uni<List<Document>> inChunks(ReactiveMongoCollection<Document> collection, Collection<String> ids,
                                                String field) {
        List<String> all = new ArrayList<>(ids);
        if (all.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<List<Document>>> parts = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
            parts.add(collection.find(Filters.in("_id", chunk), new FindOptions().projection(Projections.include(field)))
                    .collect().asList());
        }
        return Multi.createFrom().iterable(parts).onItem().transformToUniAndConcatenate(u -> u)
                .collect().in(ArrayList::new, List::addAll);
    }

    public static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
