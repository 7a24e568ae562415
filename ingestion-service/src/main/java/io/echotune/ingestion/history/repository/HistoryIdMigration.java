package io.echotune.ingestion.history.repository;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.echotune.ingestion.imports.parsing.RecordIdentity;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Moves a store written with format-1 record ids (64 hex digits, unordered) to the ordered ids of
 * {@link RecordIdentity#recordId}, then its format-1 play keys to those of {@link RecordIdentity#playKey}. Without
 * it, a store from before the change would take a re-import of the same export as new plays (ids), or a basic
 * record of a stored extended play as a new play (keys). Runs once, before the history writer starts; a store that
 * is new or already migrated costs one read of {@code ingestion_meta}, whose marker says how far a store is (2:
 * ordered ids, 3: ordered play keys too).
 *
 * <p>Play keys are rewritten in place, a document at a time, recomputed from the fields they were computed from;
 * a crash leaves some keys rewritten and the next start rewrites the rest (format-1 keys are told by their length).
 *
 * <p>Crash-safe through a journal: a batch's new documents are first written to
 * {@code listening_history_id_migration}, then the old documents are deleted, then the new ones inserted (a
 * duplicate _id means "already inserted"), then the journal entries deleted. Whatever step a crash interrupts, the
 * next start replays the journal first (insert, ignoring duplicates, then delete), so every play ends up stored
 * exactly once, under its new id. The old and new document of a play share its playKey, which is unique, so the
 * old one has to go before the new one can be inserted.
 *
 * <p>Kept through 0.x and removed in 1.0.0 (docs/operations.md "Upgrades that move data"): old stores must be
 * started once with a 0.x release first.
 */
@ApplicationScoped
public class HistoryIdMigration {

    private static final Logger LOG = Logger.getLogger(HistoryIdMigration.class);
    static final String META = "ingestion_meta";
    static final String JOURNAL = "listening_history_id_migration";
    private static final String MARKER = "listening_history.idFormat";
    /** In a journal entry: the format-1 id of the play. */
    private static final String FROM = "migratedFrom";
    private static final int ORDERED_IDS = 2;
    private static final int FORMAT = 3;
    private static final int BATCH = 500;
    private static final int ID_BATCH = 50_000;
    /**
     * Documents whose play keys are read at a time: each page is a new query for the keys still in format 1 (the
     * rewritten ones no longer match), so at most one page is held and a crash loses no position.
     */
    private static final int KEY_PAGE = 50_000;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    /** Format-1 ids and play keys: exactly 64 lower-case hex digits (format 2 has 44 and 40). */
    private static final String LEGACY_ID = "^[0-9a-f]{64}$";

    private final ReactiveMongoCollection<Document> history;
    private final ReactiveMongoCollection<Document> journal;
    private final ReactiveMongoCollection<Document> meta;
    private volatile boolean done;

    public HistoryIdMigration(ReactiveMongoDatabase db) {
        this.history = db.getCollection(ListeningHistoryRepository.COLLECTION);
        this.journal = db.getCollection(JOURNAL);
        this.meta = db.getCollection(META);
    }

    /** Migrates what is left to migrate (blocking; call it off the event loop). Returns the documents moved. */
    public synchronized long run() {
        if (done) {
            return 0;
        }
        Document marker = meta.find(Filters.eq("_id", MARKER)).collect().first().await().atMost(STEP_TIMEOUT);
        int version = marker == null ? 0 : marker.get("version", Number.class).intValue();
        if (version >= FORMAT) {
            done = true;
            return 0;
        }
        long moved = version >= ORDERED_IDS ? 0 : moveToOrderedIds();
        long rekeyed = rekeyPlays();
        meta.replaceOne(Filters.eq("_id", MARKER), new Document("_id", MARKER).append("version", FORMAT)
                        .append("migratedAt", new Date()).append("moved", moved).append("rekeyed", rekeyed),
                new ReplaceOptions().upsert(true)).await().atMost(STEP_TIMEOUT);
        done = true;
        return moved + rekeyed;
    }

    /** Moves every format-1 record id; returns the documents moved. */
    private long moveToOrderedIds() {
        long moved = replayJournal();
        // in batches: a store's worth of ids (48 MB for a million plays) is more than one reply may carry (16 MB on
        // real MongoDB)
        List<String> legacy = history.find(Filters.regex("_id", LEGACY_ID),
                        new FindOptions().projection(Projections.include("_id")).batchSize(ID_BATCH))
                .map(d -> d.getString("_id")).collect().asList().await().atMost(STEP_TIMEOUT);
        if (!legacy.isEmpty()) {
            LOG.infof("Moving %d listening records to ordered ids (a one-time migration; imports wait for it)",
                    legacy.size());
        }
        for (int from = 0; from < legacy.size(); from += BATCH) {
            moved += moveBatch(legacy.subList(from, Math.min(legacy.size(), from + BATCH)));
            if ((from / BATCH) % 20 == 19) {
                LOG.infof("Record id migration: %d of %d moved", moved, legacy.size());
            }
        }
        if (moved > 0) {
            LOG.infof("Record id migration finished: %d records moved", moved);
        }
        return moved;
    }

    /**
     * Rewrites every format-1 play key; returns the documents rewritten. A document whose key cannot be recomputed
     * (no artist or title, which a keyed record always had) or whose new key another document already holds (the
     * same play) keeps no key: the unique index cannot hold two, and the play stays stored once.
     */
    private long rekeyPlays() {
        long rekeyed = 0;
        boolean announced = false;
        while (true) {
            List<Document> page = history.find(Filters.regex("playKey", LEGACY_ID), new FindOptions()
                            .projection(Projections.include("userId", "playedAt", "artistName", "trackName", "msPlayed",
                                    "playKey")).limit(KEY_PAGE).batchSize(KEY_PAGE))
                    .collect().asList().await().atMost(STEP_TIMEOUT);
            if (page.isEmpty()) {
                break;
            }
            if (!announced) {
                LOG.info("Rewriting listening records' play keys in the ordered format (a one-time migration; imports"
                        + " wait for it)");
                announced = true;
            }
            for (int from = 0; from < page.size(); from += BATCH) {
                rekeyed += rekeyBatch(page.subList(from, Math.min(page.size(), from + BATCH)));
            }
            LOG.infof("Play key migration: %d records rewritten", rekeyed);
        }
        return rekeyed;
    }

    private long rekeyBatch(List<Document> docs) {
        List<WriteModel<Document>> updates = new ArrayList<>(docs.size());
        for (Document d : docs) {
            updates.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", d.get("_id")),
                    Filters.eq("playKey", d.getString("playKey"))), rekeyed(d)));
        }
        try {
            history.bulkWrite(updates, new BulkWriteOptions().ordered(false)).await().atMost(STEP_TIMEOUT);
        } catch (MongoBulkWriteException e) {
            List<WriteModel<Document>> unkeyed = new ArrayList<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
                Document d = docs.get(error.getIndex());
                LOG.warnf("Listening record %s is a second record of the play another one holds the key of; it keeps"
                        + " no play key", d.get("_id"));
                unkeyed.add(new UpdateOneModel<>(Filters.eq("_id", d.get("_id")), Updates.unset("playKey")));
            }
            history.bulkWrite(unkeyed, new BulkWriteOptions().ordered(false)).await().atMost(STEP_TIMEOUT);
        }
        return docs.size();
    }

    /** The update giving a document its current play key (or none, when the key cannot be recomputed). */
    static Bson rekeyed(Document d) {
        Date playedAt = d.getDate("playedAt");
        Number msPlayed = d.get("msPlayed", Number.class);
        String key = d.getString("userId") == null || playedAt == null || msPlayed == null ? null
                : RecordIdentity.playKeyOf(d.getString("userId"), playedAt.getTime(), d.getString("artistName"),
                d.getString("trackName"), msPlayed.longValue());
        if (key == null) {
            LOG.warnf("Listening record %s lacks what its play key is made of; it keeps no play key", d.get("_id"));
            return Updates.unset("playKey");
        }
        return Updates.set("playKey", key);
    }

    private long moveBatch(List<String> ids) {
        List<Document> olds = history.find(Filters.in("_id", ids)).collect().asList().await().atMost(STEP_TIMEOUT);
        List<Document> news = new ArrayList<>(olds.size());
        List<Document> entries = new ArrayList<>(olds.size());
        List<String> moved = new ArrayList<>(olds.size());
        for (Document old : olds) {
            Document renamed = renamed(old);
            if (renamed == null) {
                LOG.warnf("Listening record %s lacks userId, playedAt or msPlayed; left under its old id", old.get("_id"));
                continue;
            }
            news.add(renamed);
            entries.add(new Document(renamed).append(FROM, old.getString("_id")));
            moved.add(old.getString("_id"));
        }
        if (news.isEmpty()) {
            return 0;
        }
        insertIgnoringDuplicates(journal, entries);
        history.deleteMany(Filters.in("_id", moved)).await().atMost(STEP_TIMEOUT);
        insertIgnoringDuplicates(history, news);
        journal.deleteMany(Filters.in("_id", ids(news))).await().atMost(STEP_TIMEOUT);
        return news.size();
    }

    private static List<Object> ids(List<Document> docs) {
        return docs.stream().map(d -> d.get("_id")).toList();
    }

    /** Finishes batches a crash interrupted: their new documents are in the journal, the old ones may be gone. */
    private long replayJournal() {
        List<Document> pending = journal.find().collect().asList().await().atMost(STEP_TIMEOUT);
        long replayed = 0;
        for (int from = 0; from < pending.size(); from += BATCH) {
            List<Document> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
            List<String> oldIds = new ArrayList<>(batch.size());
            List<Document> news = new ArrayList<>(batch.size());
            for (Document entry : batch) {
                Document renamed = new Document(entry);
                oldIds.add((String) renamed.remove(FROM));
                news.add(renamed);
            }
            history.deleteMany(Filters.in("_id", oldIds)).await().atMost(STEP_TIMEOUT);
            insertIgnoringDuplicates(history, news);
            journal.deleteMany(Filters.in("_id", ids(batch))).await().atMost(STEP_TIMEOUT);
            replayed += batch.size();
        }
        if (replayed > 0) {
            LOG.infof("Record id migration: replayed %d journalled records of an interrupted run", replayed);
        }
        return replayed;
    }

    /** The same document under its format-2 id; null when the identity cannot be rebuilt from it. */
    static Document renamed(Document old) {
        String userId = old.getString("userId");
        Date playedAt = old.getDate("playedAt");
        Number msPlayed = old.get("msPlayed", Number.class);
        if (userId == null || playedAt == null || msPlayed == null) {
            return null;
        }
        // the identity format 1 hashed, from the fields it was computed from (a missing trackKey hashed as "null")
        String id = RecordIdentity.recordId(userId, playedAt.getTime(), old.getString("trackKey"), msPlayed.longValue());
        Document renamed = new Document("_id", id);
        old.forEach((field, value) -> {
            if (!"_id".equals(field)) {
                renamed.append(field, value);
            }
        });
        return renamed;
    }

    private static void insertIgnoringDuplicates(ReactiveMongoCollection<Document> into, List<Document> docs) {
        List<WriteModel<Document>> inserts = new ArrayList<>(docs.size());
        docs.forEach(d -> inserts.add(new InsertOneModel<>(d)));
        try {
            into.bulkWrite(inserts, new BulkWriteOptions().ordered(false)).await().atMost(STEP_TIMEOUT);
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
            }
        }
    }
}
