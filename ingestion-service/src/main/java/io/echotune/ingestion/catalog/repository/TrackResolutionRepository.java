package io.echotune.ingestion.catalog.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.echotune.ingestion.catalog.enrichment.ResolutionStatus;
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

/**
 * {@code echotune.track_resolutions}: {_id: track key, status: RESOLVED|UNRESOLVED, trackId?, source?, attempts,
 * lastTriedAt, reason?}, what enrichment last concluded about each track key. Keys already RESOLVED are not
 * requested again; UNRESOLVED ones are tried again when another import holds them.
 */
@ApplicationScoped
public class TrackResolutionRepository {

    public static final String COLLECTION = "track_resolutions";

    private final ReactiveMongoCollection<Document> resolutions;

    public TrackResolutionRepository(ReactiveMongoDatabase database) {
        this.resolutions = database.getCollection(COLLECTION);
    }

    /** One conclusion about a track key; trackId and source for RESOLVED, the reason for UNRESOLVED. */
    public record Resolution(String trackKey, ResolutionStatus status, String trackId, String source, String reason) {
    }

    /** The statuses of these keys that have one. */
    public Uni<Map<String, ResolutionStatus>> statuses(Collection<String> trackKeys) {
        return CatalogRepository.byIds(resolutions, trackKeys).map(found -> {
            Map<String, ResolutionStatus> statuses = new HashMap<>();
            found.forEach((key, doc) -> statuses.put(key, ResolutionStatus.valueOf(doc.getString("status"))));
            return statuses;
        });
    }

    /**
     * Deletes what enrichment concluded about these keys (account erasure: keys only the erased user's imports held)
     * and answers the track ids those conclusions named with the source that found them (id to source).
     */
    public Uni<Map<String, String>> forget(Collection<String> trackKeys) {
        if (trackKeys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return CatalogRepository.byIds(resolutions, trackKeys).chain(found -> {
            Map<String, String> sourceById = new HashMap<>();
            found.values().forEach(doc -> {
                if (doc.getString("trackId") != null) {
                    sourceById.put(doc.getString("trackId"), doc.getString("source"));
                }
            });
            return resolutions.deleteMany(Filters.in("_id", trackKeys)).replaceWith(sourceById);
        });
    }

    public Uni<Integer> record(List<Resolution> outcomes, Date triedAt) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Resolution r : outcomes) {
            Document set = new Document("status", r.status().name()).append("lastTriedAt", triedAt);
            Document unset = new Document();
            if (r.status() == ResolutionStatus.RESOLVED) {
                set.append("trackId", r.trackId()).append("source", r.source());
                unset.append("reason", "");
            } else {
                set.append("reason", r.reason());
                if (r.trackId() != null) {
                    set.append("trackId", r.trackId());
                } else {
                    unset.append("trackId", "");
                }
                unset.append("source", "");
            }
            Document update = new Document("$set", set).append("$inc", new Document("attempts", 1));
            if (!unset.isEmpty()) {
                update.append("$unset", unset);
            }
            writes.add(new UpdateOneModel<>(Filters.eq("_id", r.trackKey()), update, new UpdateOptions().upsert(true)));
        }
        return CatalogRepository.write(resolutions, writes);
    }
}
