package io.echotune.localstack;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stand-in's own storage format (StandInDataType) through the real wire protocol and the official driver:
 * documents of every BSON type come back as written after a restart, unique indexes keep refusing duplicates, and a
 * store written by the library's plain H2 backend is upgraded in place without losing a document or a constraint.
 */
class StandInBackendTest {

    @TempDir
    Path dir;

    @Test
    void documentsOfEveryTypeSurviveARestartUnchanged() {
        Path file = dir.resolve("types.mv.db");
        List<Document> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            written.add(new Document("_id", String.format("id-%05d", i))
                    .append("string", "naïve café " + i).append("int", i).append("long", 1L << 40 | i)
                    .append("double", i / 3.0).append("bool", i % 2 == 0).append("date", new Date(1_600_000_000_000L + i))
                    .append("null", null).append("objectId", new ObjectId(new Date(1_600_000_000_000L), i))
                    .append("binary", new Binary(new byte[]{1, 2, (byte) i})).append("uuid", new UUID(i, -i))
                    .append("decimal", new Decimal128(new BigDecimal("12.34" + i)))
                    .append("nested", new Document("list", List.of("a", i, new Document("deep", List.of()))))
                    .append("playKey", "key-" + i));
        }
        withStandIn(file, history -> {
            history.createIndex(Indexes.ascending("playKey"), new IndexOptions().unique(true).sparse(true));
            history.insertMany(written);
        });
        withStandIn(file, history -> {
            assertEquals(written, history.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            assertEquals(written.get(123), history.find(Filters.eq("playKey", "key-123")).first());
            assertEquals(3, history.countDocuments(Filters.in("playKey", "key-1", "key-2", "key-299", "key-300")));
        });
    }

    @Test
    void uniqueIndexesRefuseDuplicatesAcrossRestarts() {
        Path file = dir.resolve("unique.mv.db");
        withStandIn(file, history -> {
            history.createIndex(Indexes.ascending("playKey"), new IndexOptions().unique(true).sparse(true));
            history.insertMany(numbered(0, 5_000));
        });
        withStandIn(file, history -> {
            MongoBulkWriteException refused = assertThrows(MongoBulkWriteException.class, () -> history.insertMany(
                    List.of(new Document("_id", "new-1").append("playKey", "key-4321"),
                            new Document("_id", "id-00042").append("playKey", "key-new"),
                            new Document("_id", "new-2").append("playKey", "key-new-2")),
                    new InsertManyOptions().ordered(false)));
            assertEquals(2, refused.getWriteErrors().size());
            assertTrue(refused.getWriteErrors().stream().allMatch(e -> e.getCode() == 11000));
            assertEquals(5_001, history.countDocuments());
            assertEquals("new-2", history.find(Filters.eq("playKey", "key-new-2")).first().getString("_id"));
            // a document without the key is allowed any number of times: the index is sparse
            history.insertMany(List.of(new Document("_id", "no-key-1"), new Document("_id", "no-key-2")));
            assertEquals(5_003, history.countDocuments());
            // a key twice in one batch, the second time right after the first was checked and stored; a key freed
            // by a delete is free again
            MongoBulkWriteException twice = assertThrows(MongoBulkWriteException.class, () -> history.insertMany(
                    List.of(new Document("_id", "twin-1").append("playKey", "key-twin"),
                            new Document("_id", "twin-2").append("playKey", "key-twin")),
                    new InsertManyOptions().ordered(false)));
            assertEquals(1, twice.getWriteErrors().size());
            assertEquals(1, twice.getWriteErrors().get(0).getIndex());
            history.deleteOne(Filters.eq("_id", "twin-1"));
            history.insertOne(new Document("_id", "twin-2").append("playKey", "key-twin"));
            assertEquals("twin-2", history.find(Filters.eq("playKey", "key-twin")).first().getString("_id"));
        });
    }

    @Test
    void aStoreOfThePlainH2BackendIsUpgradedInPlace() {
        Path file = dir.resolve("old.mv.db");
        List<Document> written = numbered(0, 3_000);
        withServer(H2Backend::new, file, history -> {
            history.createIndex(Indexes.ascending("playKey"), new IndexOptions().unique(true).sparse(true));
            history.insertMany(written);
        });

        withStandIn(file, history -> {
            assertEquals(written, history.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            assertEquals("id-01234", history.find(Filters.eq("playKey", "key-1234")).first().getString("_id"));
            MongoWriteException refused = assertThrows(MongoWriteException.class,
                    () -> history.insertOne(new Document("_id", "other").append("playKey", "key-2999")));
            assertEquals(11000, refused.getCode());
            history.insertMany(numbered(3_000, 3_500));
        });
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            assertEquals(0, StandInBackend.upgrade(store), "the store is marked: a second start rebuilds nothing");
        }
        withStandIn(file, history -> {
            assertEquals(3_500, history.countDocuments());
            assertEquals("id-03456", history.find(Filters.eq("playKey", "key-3456")).first().getString("_id"));
            assertThrows(MongoWriteException.class,
                    () -> history.insertOne(new Document("_id", "other").append("playKey", "key-0007")));
        });
    }

    @Test
    void anUpgradeCutShortAfterRemovingTheOldIndexIsFinishedOnTheNextStart() {
        Path file = dir.resolve("cut.mv.db");
        withServer(H2Backend::new, file, history -> {
            history.createIndex(Indexes.ascending("playKey"), new IndexOptions().unique(true).sparse(true));
            history.insertMany(numbered(0, 1_000));
        });
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            String index = store.getMapNames().stream().filter(n -> n.endsWith("._index_playKey_1")).findFirst().orElseThrow();
            store.renameMap(store.openMap(index), index + ".rebuilding");   // as if stopped between remove and rename
            store.commit();
        }
        withStandIn(file, history -> {
            assertEquals(1_000, history.countDocuments());
            assertThrows(MongoWriteException.class,
                    () -> history.insertOne(new Document("_id", "other").append("playKey", "key-0500")));
        });
    }

    @Test
    void aStoreInTheNewFormatSurvivesCompaction() throws Exception {
        Path file = dir.resolve("compact.mv.db");
        withStandIn(file, history -> {
            history.createIndex(Indexes.ascending("playKey"), new IndexOptions().unique(true).sparse(true));
            history.insertMany(numbered(0, 4_000));
            history.deleteMany(Filters.lt("_id", "id-02000"));
        });
        MongoStandIn.compactOnStart(file, 0);
        withStandIn(file, history -> {
            assertEquals(numbered(2_000, 4_000), history.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            assertThrows(MongoWriteException.class,
                    () -> history.insertOne(new Document("_id", "other").append("playKey", "key-3000")));
        });
        assertTrue(Files.exists(file));
    }

    private static List<Document> numbered(int from, int to) {
        List<Document> documents = new ArrayList<>();
        for (int i = from; i < to; i++) {
            documents.add(new Document("_id", String.format("id-%05d", i)).append("userId", "u1")
                    .append("playedAt", new Date(1_500_000_000_000L + i * 180_000L)).append("msPlayed", 170_000 + i)
                    .append("trackName", "Track " + i).append("skipped", i % 5 == 0)
                    .append("playKey", String.format("key-%04d", i)));
        }
        return documents;
    }

    @Test
    void anIdInQueryFindsExactlyTheListedIdsWhateverTheirTypes() {
        withStandIn(dir.resolve("in.mv.db"), history -> {
            history.insertMany(numbered(0, 3_000));
            history.insertMany(List.of(new Document("_id", 7).append("n", "int"), new Document("_id", 7.5).append("n", "double"),
                    new Document("_id", new Document("nested", "x-1")).append("n", "document")));
            List<String> wanted = new ArrayList<>();
            for (int i = 0; i < 4_000; i += 3) {
                wanted.add(String.format("id-%05d", i));              // ids past 2,999 are not stored
            }
            wanted.add("x-1");                                       // a string equal to nothing stored
            List<String> found = history.find(Filters.in("_id", wanted)).map(d -> d.getString("_id"))
                    .into(new ArrayList<>());
            assertEquals(wanted.stream().filter(id -> id.compareTo("id-03000") < 0).sorted().toList(),
                    found.stream().sorted().toList());
            // other value types and other shapes are still the library's: numbers compare by value, conditions add up
            assertEquals(List.of("int", "double"), history.find(Filters.in("_id", 7L, 7.5, "id-999999"))
                    .map(d -> d.getString("n")).into(new ArrayList<>()));
            assertEquals(1, history.countDocuments(Filters.and(Filters.in("_id", wanted), Filters.eq("trackName", "Track 3"))));
            assertEquals(0, history.countDocuments(Filters.in("_id", List.of())));
        });
    }

    private void withStandIn(Path file, Consumer<MongoCollection<Document>> work) {
        withServer(store -> new StandInBackend(store), file, work);
    }

    private static void withServer(Function<MVStore, MongoBackend> backendOf, Path file,
                                   Consumer<MongoCollection<Document>> work) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        MongoBackend backend = backendOf.apply(store);
        MongoServer server = new MongoServer(backend);
        try {
            java.net.InetSocketAddress address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort() + "/?uuidRepresentation=standard")) {
                work.accept(client.getDatabase("echotune").getCollection("listening_history"));
            }
        } finally {
            server.shutdown();
            backend.close();
        }
    }
}
