package io.echotune.ingestion;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark, by hand: what one bulk of 500 listening-history documents costs on the configured MongoDB, written as
 * the history writer could write them: upserts with $setOnInsert (the first design), plain unordered inserts (the
 * current one), and inserts without the fields that are null. The three run interleaved, batch by batch, into
 * three fresh collections, so that machine load hits them alike.
 * {@code ./mvnw -f ingestion-service/pom.xml test -Dtest=HistoryWriteModelBenchmarkTest -Dbench=true}
 * (ECHOTUNE_MONGODB_URI from the stack's env file).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class HistoryWriteModelBenchmarkTest {

    private static final int BATCH = 500;
    private static final int BATCHES = Integer.getInteger("bench.batches", 100);

    @Test
    void compareWriteModels() {
        String uri = System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017");
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (MongoClient client = MongoClients.create(uri)) {
            var db = client.getDatabase("echotune_bench");
            MongoCollection<Document> upserts = db.getCollection("upserts_" + run);
            MongoCollection<Document> inserts = db.getCollection("inserts_" + run);
            MongoCollection<Document> lean = db.getCollection("lean_" + run);
            long[] nanos = new long[3];
            for (int b = 0; b < BATCHES; b++) {
                List<Document> docs = batch(b);
                List<WriteModel<Document>> up = new ArrayList<>();
                List<WriteModel<Document>> in = new ArrayList<>();
                List<WriteModel<Document>> le = new ArrayList<>();
                for (Document d : docs) {
                    Document body = new Document(d);
                    Object id = body.remove("_id");
                    up.add(new UpdateOneModel<>(Filters.eq("_id", id), new Document("$setOnInsert", body),
                            new UpdateOptions().upsert(true)));
                    in.add(new InsertOneModel<>(d));
                    Document withoutNulls = new Document();
                    d.forEach((k, v) -> {
                        if (v != null) {
                            withoutNulls.put(k, v);
                        }
                    });
                    le.add(new InsertOneModel<>(withoutNulls));
                }
                BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
                long t0 = System.nanoTime();
                upserts.bulkWrite(up, unordered);
                long t1 = System.nanoTime();
                inserts.bulkWrite(in, unordered);
                long t2 = System.nanoTime();
                lean.bulkWrite(le, unordered);
                long t3 = System.nanoTime();
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
            }
            long docs = (long) BATCH * BATCHES;
            assertEquals(docs, inserts.countDocuments());
            String[] names = {"upsert $setOnInsert", "insert", "insert, nulls left out"};
            for (int i = 0; i < 3; i++) {
                System.out.printf(Locale.ROOT, "[write models] %-24s %6.1f ms per batch of %d, %7.0f docs/s%n",
                        names[i], nanos[i] / 1e6 / BATCHES, BATCH, docs * 1e9 / nanos[i]);
            }
            db.drop();
        }
    }

    /** Documents shaped like the history writer's, values like a real extended export's. */
    private static List<Document> batch(int b) {
        List<Document> docs = new ArrayList<>(BATCH);
        long base = 1_600_000_000_000L + b * 1_000_000_000L;
        for (int i = 0; i < BATCH; i++) {
            long playedAt = base + i * 200_000L;
            long ms = 30_000 + (i * 7919L) % 200_000;
            docs.add(new Document("_id", "bench-user|" + playedAt + "|spotify:track:" + i + "|" + ms)
                    .append("userId", "bench-user")
                    .append("playedAt", new Date(playedAt))
                    .append("startedAt", new Date(playedAt - ms))
                    .append("msPlayed", ms)
                    .append("contentType", "music")
                    .append("trackUri", "spotify:track:2QWGkc7Tnz6672asv4B" + (i % 1000))
                    .append("trackKey", "spotify:track:2QWGkc7Tnz6672asv4B" + (i % 1000))
                    .append("trackName", "Moments " + i % 1000)
                    .append("artistName", "MitiS " + i % 300)
                    .append("albumName", "'Til the End")
                    .append("reasonStart", "playbtn")
                    .append("reasonEnd", i % 3 == 0 ? "fwdbtn" : "trackdone")
                    .append("skipped", i % 3 == 0)
                    .append("shuffle", i % 2 == 0)
                    .append("offline", false)
                    .append("platform", "android")
                    .append("country", "IN")
                    .append("source", "EXTENDED")
                    .append("importId", "00000000-0000-0000-0000-000000000000")
                    .append("importFileNo", 0)
                    .append("importBatchNo", (long) b)
                    .append("playKey", "bench-user|" + playedAt / 60_000 + "|mitis|moments " + i + "|" + ms)
                    .append("episodeName", null)
                    .append("showName", null));
        }
        return docs;
    }
}
