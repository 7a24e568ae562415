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
import io.echotune.localstack.StandInBackend;
import org.h2.mvstore.MVStore;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The MongoDB stand-in's (H2 file) insert rate and file size, by storage format and by the shape of
 * listening_history's _id. Writes N documents shaped like the history writer's, in unordered bulks of 500 with the
 * same indexes, into a fresh store: with the library's plain H2 backend (Java-serialised documents and index keys)
 * or the stack's StandInBackend (BSON documents, keys compared value by value), and with unordered ids (a SHA-256
 * hex digest) or ordered ones (user tag, end time, hash); "ordered-keys" orders the playKey the same way (user tag,
 * end minute, hash), else it is random as format-1 play keys were. Run by deploy/bench/standin-write-bench.sh;
 * arguments: N, then runs as backend:ids (default: each of the four, twice).
 */
public class StandInWriteBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        List<String> runs = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("h2:unordered", "h2:ordered", "standin:unordered", "standin:ordered",
                        "h2:unordered", "h2:ordered", "standin:unordered", "standin:ordered");
        Path dir = Files.createTempDirectory("standin-bench");
        for (String run : runs) {
            String[] parts = run.split(":");
            run(parts[0], parts[1], n, dir.resolve(parts[0] + "-" + parts[1] + ".mv.db"));
        }
    }

    private static void run(String format, String ids, int n, Path file) throws Exception {
        Files.deleteIfExists(file);
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        H2Backend backend = format.equals("standin") ? new StandInBackend(store) : new H2Backend(store);
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
                    String id = ids.startsWith("ordered")
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
                            .append("playKey", ids.equals("ordered-keys")
                                    ? "4f1c2d3e" + String.format("%08x", playedAt / 60_000) + hex.formatHex(key, 0, 12)
                                    : hex.formatHex(key))));
                }
                history.bulkWrite(batch, new BulkWriteOptions().ordered(false));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-7s backend, %-9s ids: %,d documents in %.1f s = %,.0f documents/s; store file %,d MB%n",
                    format, ids, n, seconds, n / seconds, Files.size(file) >> 20);
        } finally {
            server.shutdown();
            backend.close();
            Files.deleteIfExists(file);
        }
    }
}
