package io.echotune.ingestion;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.echotune.commons.music.TrackNames;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.HistoryIdMigration;
import io.echotune.ingestion.history.service.HistoryWriter;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.parsing.RecordIdentity;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.expected;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static io.echotune.ingestion.ImportFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store written with format-1 record ids (SHA-256 of the identity, 64 hex digits) is moved to ordered ids, also
 * after a crash in the middle of a batch, and a re-import of the same export then stores nothing new; format-1 play
 * keys are rewritten, and a basic record of a stored play still counts once.
 */
@QuarkusTest
class HistoryIdMigrationTest {

    private static final char SEP = '\u001f';

    @Inject
    ReactiveMongoClient reactiveMongo;

    @Inject
    HistoryWriter writer;

    @AfterEach
    void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    @Test
    void anOldStoreIsMovedToOrderedIdsAndAReimportThenStoresNothing() {
        List<Path> files = streamingFiles("extended", "efrrowini").subList(0, 1);
        String user = newUser();
        Map<String, Object> first = awaitCompleted(user, upload(user, files));
        long stored = number(first, "recordsStored");
        assertEquals(expected(files).stored(), stored);

        try (MongoClient mongo = MongoClients.create(mongoUri())) {
            MongoCollection<Document> history = mongo.getDatabase("echotune").getCollection("listening_history");
            MongoCollection<Document> journal = mongo.getDatabase("echotune").getCollection("listening_history_id_migration");
            // Turn this user's plays into what a store of format 1 held: the same documents under the old ids.
            Map<String, Document> byNewId = new TreeMap<>();
            for (Document d : history.find(Filters.eq("userId", user))) {
                byNewId.put(d.getString("_id"), d);
            }
            assertEquals(stored, byNewId.size());
            List<Document> legacy = new ArrayList<>();
            for (Document d : byNewId.values()) {
                Document old = new Document(d);
                old.put("_id", legacyId(d));
                legacy.add(old);
            }
            history.deleteMany(Filters.eq("userId", user));
            // A crash in the middle of a batch: the first play's new document journalled, its old one deleted,
            // the new one not inserted yet. The second play: journalled, old one still there.
            Document crashedAfterDelete = legacy.get(0);
            Document crashedBeforeDelete = legacy.get(1);
            journal.insertOne(journalEntry(crashedAfterDelete));
            journal.insertOne(journalEntry(crashedBeforeDelete));
            history.insertMany(legacy.subList(1, legacy.size()));
            mongo.getDatabase("echotune").getCollection("ingestion_meta")
                    .deleteOne(Filters.eq("_id", "listening_history.idFormat"));

            long moved = new HistoryIdMigration(reactiveMongo.getDatabase("echotune")).run();

            assertEquals(stored, moved, "every play of the user moved once: two replayed from the journal, the rest found");
            Map<String, Document> after = new TreeMap<>();
            for (Document d : history.find(Filters.eq("userId", user))) {
                after.put(d.getString("_id"), d);
            }
            assertEquals(byNewId.keySet(), after.keySet(), "each play once, under the id the parser gives it now");
            assertEquals(byNewId, after, "the documents are unchanged but for their id");
            assertEquals(0, journal.countDocuments());
            assertEquals(3, mongo.getDatabase("echotune").getCollection("ingestion_meta")
                    .find(Filters.eq("_id", "listening_history.idFormat")).first().getInteger("version"));
            assertEquals(0, new HistoryIdMigration(reactiveMongo.getDatabase("echotune")).run(), "a migrated store is not scanned again");
        }

        Map<String, Object> again = awaitCompleted(user, upload(user, files));
        assertEquals(0, number(again, "recordsStored"));
        assertEquals(expected(files).read() - expected(files).rejected(), number(again, "duplicates"));
    }

    @Test
    void formatOnePlayKeysAreRewrittenAndABasicRecordOfAStoredPlayThenCountsOnce() throws Exception {
        List<Path> files = streamingFiles("extended", "efrrowini").subList(0, 1);
        String user = newUser();
        awaitCompleted(user, upload(user, files));

        List<Document> keyed = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(mongoUri())) {
            MongoCollection<Document> history = mongo.getDatabase("echotune").getCollection("listening_history");
            MongoCollection<Document> meta = mongo.getDatabase("echotune").getCollection("ingestion_meta");
            Map<String, String> currentKeys = new TreeMap<>();
            List<UpdateOneModel<Document>> toFormatOne = new ArrayList<>();
            for (Document d : history.find(Filters.and(Filters.eq("userId", user), Filters.exists("playKey")))) {
                currentKeys.put(d.getString("_id"), d.getString("playKey"));
                toFormatOne.add(new UpdateOneModel<>(Filters.eq("_id", d.getString("_id")),
                        Updates.set("playKey", legacyPlayKey(d))));
                keyed.add(d);
            }
            assertTrue(currentKeys.size() >= 30, "the export has plays with artist and title");
            history.bulkWrite(toFormatOne);
            // a store that has ordered ids already and format-1 play keys
            meta.replaceOne(Filters.eq("_id", "listening_history.idFormat"),
                    new Document("_id", "listening_history.idFormat").append("version", 2), new ReplaceOptions().upsert(true));

            assertEquals(currentKeys.size(), new HistoryIdMigration(reactiveMongo.getDatabase("echotune")).run(), "every keyed play rewritten once");

            Map<String, String> after = new TreeMap<>();
            history.find(Filters.and(Filters.eq("userId", user), Filters.exists("playKey")))
                    .forEach(d -> after.put(d.getString("_id"), d.getString("playKey")));
            assertEquals(currentKeys, after, "each play has the key the parser gives it now");
            assertEquals(3, meta.find(Filters.eq("_id", "listening_history.idFormat")).first().getInteger("version"));
        }

        // The basic export's record of a stored extended play is that play: the rewritten keys still find it.
        List<Map<String, Object>> basic = new ArrayList<>();
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        for (Document d : keyed.subList(0, 30)) {
            basic.add(Map.of("endTime", minute.format(d.getDate("playedAt").toInstant()), "artistName",
                    d.getString("artistName"), "trackName", d.getString("trackName"), "msPlayed", d.get("msPlayed")));
        }
        Map<String, Object> job = awaitCompleted(user, ImportFixtures.uploadBytes(user, "StreamingHistory_music_0.json",
                ImportFixtures.JSON.writeValueAsBytes(basic)));
        assertEquals(0, number(job, "recordsStored"));
        assertEquals(30, number(job, "duplicates"));
    }

    /**
     * A batch sent before the upgrade, still in Kafka when the new writer starts, carries format-1 record ids and play
     * keys: the writer stores it under the ids and keys the parser gives now, so a later import of the same plays finds
     * them (writing them as they came would store each play twice under two ids).
     */
    @Test
    void aBatchStillInKafkaWithFormatOneIdsIsStoredUnderTheCurrentOnes() {
        List<Path> files = streamingFiles("extended", "efrrowini").subList(0, 1);
        String user = newUser();
        awaitCompleted(user, upload(user, files));

        Map<String, String> current = new TreeMap<>();   // current id -> current play key ("" when none)
        List<ListeningRecord> formatOne = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(mongoUri())) {
            MongoCollection<Document> history = mongo.getDatabase("echotune").getCollection("listening_history");
            for (Document d : history.find(Filters.eq("userId", user))) {
                current.put(d.getString("_id"), d.getString("playKey") == null ? "" : d.getString("playKey"));
                formatOne.add(new ListeningRecord(legacyId(d), d.getString("playKey") == null ? null : legacyPlayKey(d),
                        d.getDate("playedAt").getTime(), d.get("msPlayed", Number.class).longValue(),
                        d.getString("contentType"), d.getString("trackUri"), d.getString("trackKey"),
                        d.getString("trackName"), d.getString("artistName"), d.getString("albumName"),
                        d.getString("reasonStart"), d.getString("reasonEnd"), d.getBoolean("skipped"),
                        d.getBoolean("shuffle"), d.getBoolean("offline"), d.getString("platform"), d.getString("country"),
                        ImportFormat.valueOf(d.getString("source"))));
            }
            assertTrue(current.values().stream().filter(k -> !k.isEmpty()).count() >= 30, "plays with keys to rewrite");
            history.deleteMany(Filters.eq("userId", user));   // the batch has not been written yet

            HistoryWriter.Outcome outcome = writer.write(user, java.util.UUID.randomUUID(), 0, 0, formatOne)
                    .await().atMost(java.time.Duration.ofMinutes(1));
            assertEquals(current.size(), outcome.inserted());

            Map<String, String> stored = new TreeMap<>();
            history.find(Filters.eq("userId", user)).forEach(d -> stored.put(d.getString("_id"),
                    d.getString("playKey") == null ? "" : d.getString("playKey")));
            assertEquals(current, stored, "each play under the id and key the parser gives it now");
        }
        Map<String, Object> again = awaitCompleted(user, upload(user, files));
        assertEquals(0, number(again, "recordsStored"));
    }

    /** The format-1 play key, from its definition: SHA-256("p1" | user | end minute in ms | artist | title | ms). */
    private static String legacyPlayKey(Document d) {
        long minute = Math.floorDiv(d.getDate("playedAt").getTime(), 60_000L) * 60_000L;
        return sha256("p1" + SEP + d.getString("userId") + SEP + minute + SEP + TrackNames.normalise(d.getString("artistName"))
                + SEP + TrackNames.normalise(d.getString("trackName")) + SEP + d.get("msPlayed", Number.class).longValue());
    }

    @Test
    void recordIdsAreOrderedByUserThenEndTimeAndStillTellPlaysApart() {
        String a = RecordIdentity.recordId("user-a", 1_700_000_000_000L, "spotify:track:x", 200_000);
        String later = RecordIdentity.recordId("user-a", 1_700_000_060_000L, "spotify:track:x", 200_000);
        String otherTrack = RecordIdentity.recordId("user-a", 1_700_000_000_000L, "spotify:track:y", 200_000);
        String otherUser = RecordIdentity.recordId("user-b", 1_700_000_000_000L, "spotify:track:x", 200_000);
        assertEquals(44, a.length());
        assertTrue(a.matches("[0-9a-f]{44}"));
        assertEquals(a, RecordIdentity.recordId("user-a", 1_700_000_000_000L, "spotify:track:x", 200_000));
        assertTrue(a.compareTo(later) < 0, "later plays of a user sort later");
        assertEquals(a.substring(0, 20), otherTrack.substring(0, 20), "same user and end time share the prefix");
        assertFalse(a.equals(otherTrack));
        assertFalse(a.substring(0, 8).equals(otherUser.substring(0, 8)));
        assertFalse(RecordIdentity.isLegacyRecordId(a));

        String key = RecordIdentity.playKey("user-a", 1_699_999_980_000L, "artist", "title", 200_000);
        assertTrue(key.matches("[0-9a-f]{40}"));
        assertEquals(a.substring(0, 8), key.substring(0, 8), "play keys start with the record id's user tag");
        assertEquals(key, RecordIdentity.playKey("user-a", 1_700_000_039_999L, "artist", "title", 200_000),
                "the same minute is the same play");
        assertTrue(key.compareTo(RecordIdentity.playKey("user-a", 1_700_000_040_000L, "artist", "title", 200_000)) < 0,
                "later minutes sort later");
        assertFalse(key.equals(RecordIdentity.playKey("user-a", 1_699_999_980_000L, "artist", "title", 200_001)));
        assertFalse(RecordIdentity.isLegacyPlayKey(key));
    }

    /** The format-1 id, computed here from its definition: SHA-256("r1" | user | end ms | track key | msPlayed). */
    private static String legacyId(Document d) {
        return sha256("r1" + SEP + d.getString("userId") + SEP + d.getDate("playedAt").getTime() + SEP
                + d.getString("trackKey") + SEP + d.get("msPlayed", Number.class).longValue());
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document journalEntry(Document old) {
        Document entry = new Document("_id", RecordIdentity.recordId(old.getString("userId"),
                old.getDate("playedAt").getTime(), old.getString("trackKey"), old.get("msPlayed", Number.class).longValue()));
        old.forEach((k, v) -> {
            if (!"_id".equals(k)) {
                entry.append(k, v);
            }
        });
        return entry.append("migratedFrom", old.getString("_id"));
    }

    private static String mongoUri() {
        return System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017");
    }
}
