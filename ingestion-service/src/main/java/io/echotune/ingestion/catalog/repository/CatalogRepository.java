package io.echotune.ingestion.catalog.repository;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.echotune.commons.music.catalog.ArtistGenres;
import io.echotune.commons.music.catalog.AudioFeatures;
import io.echotune.commons.music.catalog.CatalogTrack;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The track catalog in MongoDB, a contract read by the recommender, insights and the LLM router:
 * <ul>
 *   <li>{@code tracks}: {_id: bare Spotify track id, name, artists: [..], album, genres: [..lower-case],
 *   features: {danceability, energy, valence, tempo, acousticness, instrumentalness, speechiness, liveness,
 *   loudness} (missing values absent), popularity, durationMs, explicit, releaseYear (absent when no catalog file
 *   gives the release date), playlists: [..], sources: [..], updatedAt};</li>
 *   <li>{@code artists}: {_id: normalised name, name, genres: [..]};</li>
 *   <li>{@code catalog_meta}: the single document {_id: "catalog", version, tracks, artists, loadedAt}, whose
 *   version is bumped by every completed load so that readers know when to rebuild their indexes.</li>
 * </ul>
 * Catalog writes compare first and write only what differs, and only ever {@code $set} the catalog's own values
 * and add to lists: a field an enrichment provider added is never removed, and loading the same catalog again
 * writes nothing. Every lookup is by {@code _id}, the primary key: one index seek on any MongoDB, and no further
 * index to keep in step while a bulk load writes 64,000 tracks.
 */
@ApplicationScoped
public class CatalogRepository {

    public static final String TRACKS = "tracks";
    public static final String ARTISTS = "artists";
    public static final String META = "catalog_meta";
    public static final String META_ID = "catalog";

    private final ReactiveMongoCollection<Document> tracks;
    private final ReactiveMongoCollection<Document> artists;
    private final ReactiveMongoCollection<Document> meta;

    public CatalogRepository(ReactiveMongoDatabase database) {
        this.tracks = database.getCollection(TRACKS);
        this.artists = database.getCollection(ARTISTS);
        this.meta = database.getCollection(META);
    }

    /**
     * The catalog version document: the version every completed load bumps, the collection sizes it recorded and
     * when it completed (a figure the document lacks reads as 0, a missing time as null).
     */
    public record CatalogVersion(long version, long tracks, long artists, Instant loadedAt) {
    }

    /** The catalog version document; null before the first completed load. */
    public Uni<CatalogVersion> version() {
        return meta.find(Filters.eq("_id", META_ID)).collect().first().map(d -> d == null ? null
                : new CatalogVersion(number(d, "version"), number(d, "tracks"), number(d, "artists"),
                        d.getDate("loadedAt") == null ? null : d.getDate("loadedAt").toInstant()));
    }

    /**
     * Bumps the version after a completed load and records the collection sizes (from the collections' metadata:
     * {@code countDocuments} would read every document of both collections to tell a figure nobody needs exact);
     * returns the new version.
     */
    public Uni<Long> markLoaded(Date loadedAt) {
        return tracks.estimatedDocumentCount().chain(trackCount -> artists.estimatedDocumentCount().chain(artistCount ->
                meta.findOneAndUpdate(Filters.eq("_id", META_ID),
                                new Document("$inc", new Document("version", 1L))
                                        .append("$set", new Document("tracks", trackCount)
                                                .append("artists", artistCount).append("loadedAt", loadedAt)),
                                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                        .map(doc -> doc.get("version", Number.class).longValue())));
    }

    // ---- catalog loads

    /** Writes the tracks that are missing or differ from the catalog's values; returns how many were written. */
    public Uni<Integer> syncTracks(List<CatalogTrack> batch, Date now) {
        List<String> ids = batch.stream().map(CatalogTrack::id).toList();
        return byIds(tracks, ids).chain(existing -> {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (CatalogTrack t : batch) {
                if (!holds(existing.get(t.id()), t)) {
                    writes.add(catalogUpsert(t, now));
                }
            }
            return write(tracks, writes);
        });
    }

    public Uni<Integer> syncArtists(List<ArtistGenres> batch) {
        List<String> ids = batch.stream().map(ArtistGenres::key).toList();
        return byIds(artists, ids).chain(existing -> {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (ArtistGenres a : batch) {
                Document stored = existing.get(a.key());
                if (stored != null && Objects.equals(stored.getString("name"), a.name())
                        && strings(stored, "genres").containsAll(a.genres())) {
                    continue;
                }
                writes.add(new UpdateOneModel<>(Filters.eq("_id", a.key()),
                        new Document("$set", new Document("name", a.name()))
                                .append("$addToSet", new Document("genres", new Document("$each", a.genres()))),
                        new UpdateOptions().upsert(true)));
            }
            return write(artists, writes);
        });
    }

    /** Whether the stored track already holds every value the catalog gives it. */
    private static boolean holds(Document stored, CatalogTrack t) {
        if (stored == null) {
            return false;
        }
        if (t.name() != null && !t.name().equals(stored.getString("name"))) {
            return false;
        }
        if (!t.artists().isEmpty() && !t.artists().equals(strings(stored, "artists"))) {
            return false;
        }
        if (t.album() != null && !t.album().equals(stored.getString("album"))) {
            return false;
        }
        if (!sameNumber(t.popularity(), stored.get("popularity")) || !sameNumber(t.durationMs(), stored.get("durationMs"))
                || !sameNumber(t.releaseYear(), stored.get("releaseYear"))
                || (t.explicit() != null && !t.explicit().equals(stored.get("explicit")))) {
            return false;
        }
        Document features = stored.get("features", Document.class);
        for (Map.Entry<String, Double> f : t.features().asMap().entrySet()) {
            if (features == null || !sameNumber(f.getValue(), features.get(f.getKey()))) {
                return false;
            }
        }
        return strings(stored, "genres").containsAll(t.genres()) && strings(stored, "playlists").containsAll(t.playlists())
                && strings(stored, "sources").containsAll(t.sources());
    }

    private static boolean sameNumber(Number wanted, Object stored) {
        if (wanted == null) {
            return true;   // the catalog has no value: whatever is stored stays
        }
        return stored instanceof Number n && (wanted instanceof Double
                ? n.doubleValue() == wanted.doubleValue() : n.longValue() == wanted.longValue());
    }

    /**
     * The catalog's values set, its lists added to: what was stored besides them (provider features, genres,
     * sources) stays.
     */
    private static UpdateOneModel<Document> catalogUpsert(CatalogTrack t, Date now) {
        Document set = new Document();
        Document setOnInsert = new Document();
        putIfPresent(set, "name", t.name());
        if (t.artists().isEmpty()) {
            setOnInsert.append("artists", List.of());
        } else {
            set.append("artists", t.artists());
        }
        putIfPresent(set, "album", t.album());
        if (t.popularity() != null) {
            set.append("popularity", t.popularity());
        }
        if (t.durationMs() != null) {
            set.append("durationMs", t.durationMs());
        }
        if (t.explicit() != null) {
            set.append("explicit", t.explicit());
        }
        if (t.releaseYear() != null) {
            set.append("releaseYear", t.releaseYear());
        }
        Map<String, Double> features = t.features().asMap();
        if (features.isEmpty()) {
            setOnInsert.append("features", new Document());
        } else {
            features.forEach((name, value) -> set.append("features." + name, value));
        }
        set.append("updatedAt", now);
        Document update = new Document("$set", set)
                .append("$addToSet", new Document("genres", new Document("$each", t.genres()))
                        .append("playlists", new Document("$each", t.playlists()))
                        .append("sources", new Document("$each", t.sources())));
        if (!setOnInsert.isEmpty()) {
            update.append("$setOnInsert", setOnInsert);
        }
        return new UpdateOneModel<>(Filters.eq("_id", t.id()), update, new UpdateOptions().upsert(true));
    }

    private static void putIfPresent(Document set, String field, Object value) {
        if (value != null) {
            set.append(field, value);
        }
    }

    // ---- enrichment

    /**
     * A catalog track as enrichment sees it: its audio features (the values in range), the names of the feature
     * fields that hold any value at all (a provider fills only the others, so a stored value is never overwritten,
     * even one out of range), and its genres.
     */
    public record StoredTrack(String id, AudioFeatures features, Set<String> featuresHeld, List<String> genres) {
    }

    /** Stored tracks by id. */
    public Uni<Map<String, StoredTrack>> tracks(Collection<String> ids) {
        return byIds(tracks, ids).map(found -> {
            Map<String, StoredTrack> byId = new HashMap<>();
            found.forEach((id, doc) -> byId.put(id, storedTrack(doc)));
            return byId;
        });
    }

    private static StoredTrack storedTrack(Document track) {
        Map<String, Number> values = new HashMap<>();
        Set<String> held = new HashSet<>();
        if (track.get("features") instanceof Document features) {
            features.forEach((name, value) -> {
                if (value != null) {
                    held.add(name);
                }
                if (value instanceof Number n) {
                    values.put(name, n);
                }
            });
        }
        return new StoredTrack(track.getString("_id"), AudioFeatures.fromMap(values), held, strings(track, "genres"));
    }

    /** Genre tags of artists by normalised name ({@code TrackNames.normalise}). */
    public Uni<Map<String, List<String>>> artistGenres(Collection<String> keys) {
        return byIds(artists, keys).map(found -> {
            Map<String, List<String>> genres = new HashMap<>();
            found.forEach((key, doc) -> genres.put(key, strings(doc, "genres")));
            return genres;
        });
    }

    /** A track found by a features provider, as the enrichment worker writes it. */
    public record ProviderTrack(String id, String name, String artist, String album, AudioFeatures features,
                                List<String> genres, String source) {
    }

    /**
     * Stores what providers found: a new track is inserted whole; a stored one gets only the feature values it
     * lacks (the catalog's stay), the genres and the provider added to its sources.
     */
    public Uni<Integer> saveProviderTracks(List<ProviderTrack> found, Map<String, StoredTrack> stored, Date now) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (ProviderTrack t : found) {
            StoredTrack existing = stored.get(t.id());
            Document set = new Document("updatedAt", now);
            t.features().asMap().forEach((name, value) -> {
                if (existing == null || !existing.featuresHeld().contains(name)) {
                    set.append("features." + name, value);
                }
            });
            Document setOnInsert = new Document("artists", t.artist() == null ? List.of() : List.of(t.artist()))
                    .append("playlists", List.of());
            if (t.name() != null) {
                setOnInsert.append("name", t.name());
            }
            if (t.album() != null) {
                setOnInsert.append("album", t.album());
            }
            writes.add(new UpdateOneModel<>(Filters.eq("_id", t.id()), new Document("$set", set)
                    .append("$setOnInsert", setOnInsert)
                    .append("$addToSet", new Document("genres", new Document("$each", t.genres()))
                            .append("sources", new Document("$each", List.of(t.source())))),
                    new UpdateOptions().upsert(true)));
        }
        return write(tracks, writes);
    }

    /**
     * Deletes the tracks among {@code ids} that only features providers put into the catalog (every one of their
     * sources is a provider in {@code providers}): for an erased user's own tracks, whose names came from their
     * import. A track any catalog file holds is kept.
     */
    public Uni<Integer> deleteProviderOnlyTracks(Collection<String> ids, java.util.Set<String> providers) {
        return byIds(tracks, ids).chain(found -> {
            List<String> doomed = new ArrayList<>();
            found.forEach((id, doc) -> {
                List<String> sources = strings(doc, "sources");
                if (!sources.isEmpty() && providers.containsAll(sources)) {
                    doomed.add(id);
                }
            });
            return doomed.isEmpty() ? Uni.createFrom().item(0)
                    : tracks.deleteMany(Filters.in("_id", doomed)).map(r -> (int) r.getDeletedCount());
        });
    }

    // ---- helpers

    static Uni<Map<String, Document>> byIds(ReactiveMongoCollection<Document> collection, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return collection.find(Filters.in("_id", ids)).collect().asList().map(docs -> {
            Map<String, Document> byId = new HashMap<>();
            for (Document d : docs) {
                byId.put(d.getString("_id"), d);
            }
            return byId;
        });
    }

    static Uni<Integer> write(ReactiveMongoCollection<Document> collection, List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)).map(result -> writes.size());
    }

    private static long number(Document doc, String field) {
        return doc.get(field) instanceof Number n ? n.longValue() : 0;
    }

    static List<String> strings(Document doc, String field) {
        Object value = doc.get(field);
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
