import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * How the shape of listening_history's _id changes the MongoDB stand-in's (H2 file) insert rate and file size.
 * Writes N documents shaped like the history writer's, in unordered bulks of 500 with the same indexes, into a
 * fresh store, once with unordered ids (format 1: a SHA-256 hex digest) and once with ordered ones (format 2: user
 * tag, end time, hash). Run by deploy/bench/standin-write-bench.sh.
 */
public class StandInWriteBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        Path dir = Files.createTempDirectory("standin-bench");
        for (String ids : List.of("unordered", "ordered", "unordered", "ordered")) {
            run(ids, n, dir.resolve(ids + ".mv.db"));
        }
    }

    private static void run(String ids, int n, Path file) throws Exception {
        Files.deleteIfExists(file);
        H2Backend backend = new H2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        java.net.InetSocketAddress address = server.bind();
        Random random = new Random(42);
        HexFormat hex = HexFormat.of();
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort())) {
            MongoCollection<Document> history = client.getDatabase("echotune").getCollection("listening_history");
            history.createIndex(Indexes.ascending("playKey"), new IndexOptions().unique(true).sparse(true));
            history.createIndex(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("playedAt")));
            long start = System.nanoTime();
            for (int done = 0; done < n; ) {
                List<WriteModel<Document>> batch = new ArrayList<>(500);
                for (int i = 0; i < 500 && done < n; i++, done++) {
                    long playedAt = 1_500_000_000_000L + done * 180_000L;
                    byte[] digest = new byte[32];
                    random.nextBytes(digest);
                    String id = ids.equals("ordered")
                            ? "4f1c2d3e" + String.format("%012x", playedAt) + hex.formatHex(digest, 0, 12)
                            : hex.formatHex(digest);
                    byte[] key = new byte[32];
                    random.nextBytes(key);
                    batch.add(new InsertOneModel<>(new Document("_id", id)
                            .append("userId", "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f")
                            .append("playedAt", new Date(playedAt)).append("startedAt", new Date(playedAt - 170_000))
                            .append("msPlayed", 170_000 + random.nextInt(50_000)).append("contentType", "music")
                            .append("trackUri", "spotify:track:" + hex.formatHex(key, 0, 11))
                            .append("trackKey", "spotify:track:" + hex.formatHex(key, 0, 11))
                            .append("trackName", "Track " + random.nextInt(20_000))
                            .append("artistName", "Artist " + random.nextInt(3_000))
                            .append("albumName", "Album " + random.nextInt(8_000))
                            .append("reasonStart", "trackdone").append("reasonEnd", "trackdone")
                            .append("skipped", random.nextInt(5) == 0).append("shuffle", random.nextBoolean())
                            .append("offline", false).append("platform", "android").append("country", "DE")
                            .append("source", "EXTENDED").append("importId", "9e1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f")
                            .append("importFileNo", 0).append("importBatchNo", done / 500)
                            .append("playKey", hex.formatHex(key))));
                }
                history.bulkWrite(batch, new BulkWriteOptions().ordered(false));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-9s ids: %,d documents in %.1f s = %,.0f documents/s; store file %,d MB%n",
                    ids, n, seconds, n / seconds, Files.size(file) >> 20);
        } finally {
            server.shutdown();
            backend.close();
            Files.deleteIfExists(file);
        }
    }
}
