package io.echotune.playlist.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only look-ups in the track catalog that ingestion-service owns ({@code tracks}: {_id: bare Spotify track id,
 * name, artists, album, features, durationMs, ...}; contract in ingestion's CatalogRepository). Only by {@code _id},
 * the one index every catalog store serves. The playlist service never writes here.
 */
@ApplicationScoped
public class CatalogTrackRepository {

    private static final int IN_CHUNK = 500;

    private final ReactiveMongoCollection<Document> tracks;
    private final ReactiveMongoCollection<Document> meta;

    public CatalogTrackRepository(ReactiveMongoClient mongo,
                                  @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.tracks = mongo.getDatabase(database).getCollection("tracks");
        this.meta = mongo.getDatabase(database).getCollection("catalog_meta");
    }

    /** Whether any catalog load has completed ({@code catalog_meta._id = "catalog"} exists). */
    public Uni<Boolean> isLoaded() {
        return meta.find(Filters.eq("_id", "catalog"), new FindOptions().limit(1)).collect().first().map(d -> d != null);
    }

    /** The catalog facts of those ids the catalog knows, by id; unknown ids are simply absent. */
    public Uni<Map<String, CatalogTrack>> findByIds(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        if (all.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<List<Document>>> parts = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
            parts.add(tracks.find(Filters.in("_id", chunk), new FindOptions().projection(
                    Projections.include("name", "artists", "album", "features", "durationMs"))).collect().asList());
        }
        return Uni.join().all(parts).andFailFast().map(lists -> {
            Map<String, CatalogTrack> found = new HashMap<>();
            lists.forEach(list -> list.forEach(d -> found.put(d.getString("_id"), toTrack(d))));
            return found;
        });
    }

    private static CatalogTrack toTrack(Document d) {
        List<String> artists = d.getList("artists", String.class, List.of());
        Map<String, Double> features = new LinkedHashMap<>();
        if (d.get("features") instanceof Document f) {
            f.forEach((name, value) -> {
                if (value instanceof Number n) {
                    features.put(name, n.doubleValue());
                }
            });
        }
        Number duration = d.get("durationMs") instanceof Number n ? n : null;
        return new CatalogTrack(d.getString("_id"), d.getString("name"), List.copyOf(artists), d.getString("album"),
                duration == null ? null : duration.longValue(), features);
    }

    /** A catalog track's facts a playlist snapshot keeps. */
    public record CatalogTrack(String trackId, String name, List<String> artists, String album, Long durationMs,
                               Map<String, Double> features) {
    }
}
