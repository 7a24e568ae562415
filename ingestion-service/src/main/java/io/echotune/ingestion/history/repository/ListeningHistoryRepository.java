package io.echotune.ingestion.history.repository;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportFormat;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code echotune.listening_history}: the normalised plays that the insights and recommender services read.
 * The document shape is a contract (see README "Stored document"), and this class alone knows it: plays go in and
 * come out as {@link ListeningRecord}s, the writer's decisions come in as {@link PlayWrites}. Lookups by _id and
 * playKey are not scoped by user: both are (or end in) a SHA-256 over a string that starts with the user id, so they
 * cannot match another user's play, and a query on exactly the uniquely indexed field is one index seek.
 */
@ApplicationScoped
public class ListeningHistoryRepository {

    /** MongoDB's code for a write refused by a unique index. */
    private static final int DUPLICATE_KEY = 11000;

    public static final String COLLECTION = "listening_history";
    /** Per-batch counts of the records each import stored, taken from the store after each write. */
    public static final String TALLIES = "listening_import_tallies";
    /** Per user, the first and last end time of the plays the Spotify sync stored (none: the user has none). */
    public static final String SYNC_SPANS = "listening_sync_spans";

    private final ReactiveMongoCollection<Document> history;
    private final ReactiveMongoCollection<Document> tallies;
    private final ReactiveMongoCollection<Document> syncSpans;

    public ListeningHistoryRepository(ReactiveMongoDatabase database) {
        this.history = database.getCollection(COLLECTION);
        this.tallies = database.getCollection(TALLIES);
        this.syncSpans = database.getCollection(SYNC_SPANS);
    }

    /** Which import, file and batch first stored a play. */
    public record Attribution(String importId, Integer fileNo, Long batchNo) {
    }

    /** A stored play as the writer needs to see it to decide about a new record. */
    public record StoredPlay(String id, String playKey, String source, Attribution attribution) {
    }

    /** A stored play's end time and track: what matching a synced play with an exported one looks at. */
    public record TimedPlay(String id, long playedAt, String trackUri, String artistName, String trackName,
                            String source, Attribution attribution) {
    }

    /** The end times of the first and last play the Spotify sync stored for a user. */
    public record SyncSpan(long firstPlayedAt, long lastPlayedAt) {
        public boolean overlaps(long from, long to) {
            return from <= lastPlayedAt && to >= firstPlayedAt;
        }
    }

    /** The indexes real MongoDB needs (the stand-in accepts them; it enforces the unique one). */
    public Uni<Void> ensureIndexes() {
        return history.createIndex(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("playedAt"),
                        Indexes.descending("_id")), new IndexOptions().name("user_playedAt"))
                // insights' snapshot build reads a user's music plays (docs/stores.md: only the owner creates indexes)
                .chain(() -> history.createIndex(Indexes.compoundIndex(Indexes.ascending("userId", "contentType"),
                        Indexes.descending("playedAt")), new IndexOptions().name("user_contentType_playedAt")))
                .chain(() -> history.createIndex(Indexes.ascending("importId", "importFileNo"),
                        new IndexOptions().name("import_file")))
                // unique per play: only the one record holding a play's cross-format key carries it (sparse)
                .chain(() -> history.createIndex(Indexes.ascending("playKey"),
                        new IndexOptions().name("playKey_unique").unique(true).sparse(true)))
                .chain(() -> tallies.createIndex(Indexes.ascending("importId"), new IndexOptions().name("importId")))
                .replaceWithVoid();
    }

    /** The stored plays among these ids, with the import, file and batch that stored each. */
    public Uni<Map<String, Attribution>> existing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return history.find(Filters.in("_id", ids), new FindOptions()
                        .projection(Projections.include("_id", "importId", "importFileNo", "importBatchNo")))
                .collect().asList()
                .map(docs -> {
                    Map<String, Attribution> byId = new HashMap<>();
                    for (Document d : docs) {
                        byId.put(d.getString("_id"), attributionOf(d));
                    }
                    return byId;
                });
    }

    public Uni<Map<String, StoredPlay>> findByPlayKeys(Collection<String> playKeys) {
        if (playKeys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return history.find(Filters.in("playKey", playKeys), new FindOptions()
                        .projection(Projections.include("_id", "playKey", "source", "importId", "importFileNo", "importBatchNo")))
                .collect().asList()
                .map(docs -> {
                    Map<String, StoredPlay> byKey = new HashMap<>();
                    for (Document d : docs) {
                        byKey.put(d.getString("playKey"), new StoredPlay(d.getString("_id"), d.getString("playKey"),
                                d.getString("source"), attributionOf(d)));
                    }
                    return byKey;
                });
    }

    /** The span of the user's synced plays; a null item when the sync never stored a play for them. */
    public Uni<SyncSpan> syncSpan(String userId) {
        return syncSpans.find(Filters.eq("_id", userId)).collect().first().map(d -> d == null ? null
                : new SyncSpan(d.getDate("firstPlayedAt").getTime(), d.getDate("lastPlayedAt").getTime()));
    }

    /** Widens the user's span of synced plays to take in these end times (before the plays are written). */
    public Uni<Void> widenSyncSpan(String userId, long firstPlayedAt, long lastPlayedAt) {
        return syncSpans.updateOne(Filters.eq("_id", userId),
                        new Document("$min", new Document("firstPlayedAt", new Date(firstPlayedAt)))
                                .append("$max", new Document("lastPlayedAt", new Date(lastPlayedAt))),
                        new com.mongodb.client.model.UpdateOptions().upsert(true))
                .replaceWithVoid();
    }

    /**
     * The user's plays that end in [from, to]: only the Spotify sync's ({@code synced}), or only the others. Served
     * by the {@code user_playedAt} index; callers ask for a window of minutes around a batch.
     */
    public Uni<List<TimedPlay>> playsBetween(String userId, long from, long to, boolean synced) {
        Bson source = synced ? Filters.eq("source", ImportFormat.SPOTIFY_RECENT.name())
                : Filters.ne("source", ImportFormat.SPOTIFY_RECENT.name());
        return history.find(Filters.and(Filters.eq("userId", userId), Filters.gte("playedAt", new Date(from)),
                                Filters.lte("playedAt", new Date(to)), source),
                        new FindOptions().projection(Projections.include("_id", "playedAt", "trackUri", "artistName",
                                "trackName", "source", "importId", "importFileNo", "importBatchNo")))
                .map(d -> new TimedPlay(d.getString("_id"), d.getDate("playedAt").getTime(), d.getString("trackUri"),
                        d.getString("artistName"), d.getString("trackName"), d.getString("source"), attributionOf(d)))
                .collect().asList();
    }

    private static Attribution attributionOf(Document d) {
        Number batch = d.get("importBatchNo", Number.class);
        return new Attribution(d.getString("importId"), d.getInteger("importFileNo"),
                batch == null ? null : batch.longValue());
    }

    /**
     * The writes of one bulk, in the order the writer decided them (what is new, what replaces what), each turned
     * here into the documents of the stored shape. They go straight into the driver's write models, so a decision
     * costs no object of its own.
     */
    public static final class PlayWrites {

        private final String userId;
        private final List<WriteModel<Document>> writes = new ArrayList<>();
        private boolean replaces;

        public PlayWrites(String userId) {
            this.userId = userId;
        }

        /** The record as a new play, holding its play key when it has one. */
        public void store(ListeningRecord record, Attribution attribution) {
            writes.add(insert(userId, record, attribution, true));
        }

        /** The record as a new play that leaves its play key to the stored play holding it. */
        public void storeWithoutPlayKey(ListeningRecord record, Attribution attribution) {
            writes.add(insert(userId, record, attribution, false));
        }

        /**
         * The stored estimate holding the record's play key (deleted only while it still holds it) replaced by the
         * record, which then holds the key.
         */
        public void replaceEstimate(StoredPlay estimate, ListeningRecord record, Attribution attribution) {
            writes.add(new DeleteOneModel<>(Filters.and(Filters.eq("_id", estimate.id()),
                    Filters.eq("playKey", estimate.playKey()))));
            writes.add(insert(userId, record, attribution, true));
            replaces = true;
        }

        /** The user's synced play replaced by the export's record of it, which keeps the sync's attribution. */
        public void replaceSynced(TimedPlay synced, ListeningRecord record) {
            writes.add(new DeleteOneModel<>(Filters.and(Filters.eq("_id", synced.id()),
                    Filters.eq("userId", userId))));
            writes.add(insert(userId, record, synced.attribution(), true));
            replaces = true;
        }

        public boolean isEmpty() {
            return writes.isEmpty();
        }
    }

    /**
     * Runs the writes as one bulk: ordered when it replaces a play, so that each delete runs before the insert that
     * takes its place (and a refused insert stops the rest), unordered otherwise.
     */
    public Uni<Void> write(PlayWrites writes) {
        return bulkWrite(writes.writes, writes.replaces).replaceWithVoid();
    }

    private Uni<BulkWriteResult> bulkWrite(List<WriteModel<Document>> writes, boolean ordered) {
        return history.bulkWrite(writes, new BulkWriteOptions().ordered(ordered));
    }

    /**
     * Inserts every record, holding its play key, in one unordered bulk and answers the positions (in
     * {@code records}) of those the store refused because it already holds their {@code _id} or {@code playKey}
     * (E11000 on a unique index); the others are stored. Any other refusal fails the call.
     */
    public Uni<Set<Integer>> insertUnlessStored(String userId, List<ListeningRecord> records, Attribution attribution) {
        List<WriteModel<Document>> inserts = new ArrayList<>(records.size());
        for (ListeningRecord r : records) {
            inserts.add(insert(userId, r, attribution, true));
        }
        return bulkWrite(inserts, false)
                .map(result -> Set.<Integer>of())
                .onFailure(ListeningHistoryRepository::onlyDuplicateKeys).recoverWithItem(e -> {
                    Set<Integer> refusedAt = new HashSet<>();
                    for (BulkWriteError error : ((MongoBulkWriteException) e).getWriteErrors()) {
                        refusedAt.add(error.getIndex());
                    }
                    return refusedAt;
                });
    }

    /**
     * True when the store refused a write because a unique key ({@code _id} or {@code playKey}) is already held:
     * another write got there first, and deciding again against what is stored now settles it.
     */
    public static boolean isDuplicateKey(Throwable e) {
        if (e instanceof MongoBulkWriteException bulk) {
            for (BulkWriteError error : bulk.getWriteErrors()) {
                if (error.getCode() == DUPLICATE_KEY) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The stored document of a play (README "Stored document"). */
    private static InsertOneModel<Document> insert(String userId, ListeningRecord r, Attribution attribution,
                                                   boolean holdsPlayKey) {
        Document doc = new Document("_id", r.id())
                .append("userId", userId)
                .append("playedAt", new Date(r.playedAt()))
                .append("startedAt", new Date(r.playedAt() - r.msPlayed()))
                .append("msPlayed", r.msPlayed())
                .append("contentType", r.contentType())
                .append("trackUri", r.trackUri())
                .append("trackKey", r.trackKey())
                .append("trackName", r.trackName())
                .append("artistName", r.artistName())
                .append("albumName", r.albumName())
                .append("reasonStart", r.reasonStart())
                .append("reasonEnd", r.reasonEnd())
                .append("skipped", r.skipped())
                .append("shuffle", r.shuffle())
                .append("offline", r.offline())
                .append("platform", r.platform())
                .append("country", r.country())
                .append("source", r.source().name())
                .append("importId", attribution.importId())
                // internal: which file and batch of that import stored the play (per-batch tallies)
                .append("importFileNo", attribution.fileNo())
                .append("importBatchNo", attribution.batchNo());
        if (holdsPlayKey && r.playKey() != null) {
            doc.append("playKey", r.playKey());   // absent (not null) otherwise: the unique index is sparse
        }
        return new InsertOneModel<>(doc);
    }

    /** A bulk whose every refused write was refused as a duplicate key (anything else is a real failure). */
    private static boolean onlyDuplicateKeys(Throwable e) {
        if (!(e instanceof MongoBulkWriteException bulk) || bulk.getWriteConcernError() != null
                || bulk.getWriteErrors().isEmpty()) {
            return false;
        }
        for (BulkWriteError error : bulk.getWriteErrors()) {
            if (error.getCode() != DUPLICATE_KEY) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records the number of a batch's records that this batch stored (counted in the store, see HistoryWriter).
     * The first tally of a batch stands: a redelivered batch finds the same documents and would count the same.
     */
    public Uni<Void> recordTally(String importId, int fileNo, long batchNo, long stored) {
        return tallies.updateOne(Filters.eq("_id", importId + ":" + fileNo + ":" + batchNo),
                        new Document("$setOnInsert", new Document("importId", importId).append("fileNo", fileNo)
                                .append("batchNo", batchNo).append("stored", stored)),
                        new com.mongodb.client.model.UpdateOptions().upsert(true))
                .replaceWithVoid();
    }

    /** Records that this import stored, per file: the sum of its batch tallies. */
    public Uni<Map<Integer, Long>> storedByFile(UUID importId) {
        return tallies.find(Filters.eq("importId", importId.toString())).collect().asList().map(docs -> {
            Map<Integer, Long> counts = new HashMap<>();
            for (Document d : docs) {
                counts.merge(d.getInteger("fileNo"), d.get("stored", Number.class).longValue(), Long::sum);
            }
            return counts;
        });
    }

    /** Deletes every play of the user and the span of their synced plays (account erasure); answers how many. */
    public Uni<Long> deleteUser(String userId) {
        return history.deleteMany(Filters.eq("userId", userId)).map(r -> r.getDeletedCount())
                .call(() -> syncSpans.deleteOne(Filters.eq("_id", userId)));
    }

    /** Deletes the batch tallies of these imports (account erasure, or a batch of an erased import). */
    public Uni<Void> deleteTallies(Collection<String> importIds) {
        if (importIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tallies.deleteMany(Filters.in("importId", importIds)).replaceWithVoid();
    }

    /**
     * Deletes the plays of one batch that the writer stored for an import that no longer exists (its user was
     * erased while its batches were still on their way): by id, and only the user's.
     */
    public Uni<Void> deleteBatch(String userId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return history.deleteMany(Filters.and(Filters.in("_id", ids), Filters.eq("userId", userId))).replaceWithVoid();
    }

    /** Every play of the user, oldest first, read as it is sent (the data export). */
    public Multi<ListeningRecord> streamOwned(String userId) {
        return history.find(Filters.eq("userId", userId), new FindOptions().sort(Sorts.ascending("playedAt", "_id")))
                .map(ListeningHistoryRepository::recordOf);
    }

    /**
     * One page of a user's plays, newest first, keyset-paged on (playedAt, _id): strictly before the cursor
     * position when one is given.
     */
    public Uni<List<ListeningRecord>> page(String userId, Date from, Date to, Date afterPlayedAt, String afterId,
                                           int limit) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("userId", userId));
        if (from != null) {
            filters.add(Filters.gte("playedAt", from));
        }
        if (to != null) {
            filters.add(Filters.lt("playedAt", to));
        }
        if (afterPlayedAt != null) {
            filters.add(Filters.or(Filters.lt("playedAt", afterPlayedAt),
                    Filters.and(Filters.eq("playedAt", afterPlayedAt), Filters.lt("_id", afterId))));
        }
        return history.find(Filters.and(filters), new FindOptions()
                        .sort(Sorts.descending("playedAt", "_id"))
                        .limit(limit))
                .map(ListeningHistoryRepository::recordOf)
                .collect().asList();
    }

    /**
     * A stored play as the record it was stored from: the import's attribution and {@code startedAt} stay in the
     * store; {@code playKey} is null where the document does not hold it, and a missing msPlayed reads as 0.
     */
    private static ListeningRecord recordOf(Document d) {
        Number msPlayed = d.get("msPlayed", Number.class);
        String source = d.getString("source");
        return new ListeningRecord(d.getString("_id"), d.getString("playKey"), d.getDate("playedAt").getTime(),
                msPlayed == null ? 0 : msPlayed.longValue(), d.getString("contentType"), d.getString("trackUri"),
                d.getString("trackKey"), d.getString("trackName"), d.getString("artistName"), d.getString("albumName"),
                d.getString("reasonStart"), d.getString("reasonEnd"), d.getBoolean("skipped"), d.getBoolean("shuffle"),
                d.getBoolean("offline"), d.getString("platform"), d.getString("country"),
                source == null ? null : ImportFormat.valueOf(source));
    }
}
