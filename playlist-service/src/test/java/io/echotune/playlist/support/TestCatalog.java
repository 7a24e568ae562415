package io.echotune.playlist.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A small track catalog in the catalog loader's document shape (ingestion-service CatalogRepository: _id, name,
 * artists, album, genres, features, popularity, durationMs, explicit), written to the test database. Track i has
 * energy i/SIZE, every third one is instrumental, and two tracks carry names that exports and the share page must
 * escape.
 */
public final class TestCatalog {

    public static final String DATABASE = "echotune_playlist_test";
    public static final int SIZE = 400;
    /** Named {@code <script>alert(1)</script>}, by {@code Smith, "Jr" & Co}. */
    public static final String HOSTILE_TRACK = id(1);
    public static final String HOSTILE_NAME = "<script>alert(1)</script>";
    public static final String HOSTILE_ARTIST = "Smith, \"Jr\" & Co";
    /** A catalog track with no durationMs. */
    public static final String NO_DURATION_TRACK = id(2);

    private TestCatalog() {
    }

    /** Track {@code i}'s id: 22 base62 characters, as Spotify's. */
    public static String id(int i) {
        return "plTestTrack" + String.format("%011d", i);
    }

    public static int index(String id) {
        return Integer.parseInt(id.substring(11));
    }

    public static String name(int i) {
        return i == 1 ? HOSTILE_NAME : "Track " + i;
    }

    public static List<String> artists(int i) {
        return i == 1 ? List.of(HOSTILE_ARTIST) : List.of("Artist " + (i % 10), "Guest " + (i % 7));
    }

    public static String album(int i) {
        return "Album " + (i / 10);
    }

    public static Long durationMs(int i) {
        return i == 2 ? null : 180_000L + i * 1_000L;
    }

    public static double energy(int i) {
        return (double) i / SIZE;
    }

    public static boolean instrumental(int i) {
        return i % 3 == 0;
    }

    static void install(String mongoUri) {
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            // the catalog loader's version document: a catalog has been loaded
            mongo.getDatabase(DATABASE).getCollection("catalog_meta").replaceOne(Filters.eq("_id", "catalog"),
                    new Document("_id", "catalog").append("version", 1L).append("tracks", SIZE).append("artists", 10)
                            .append("loadedAt", new Date()), new ReplaceOptions().upsert(true));
            MongoCollection<Document> tracks = mongo.getDatabase(DATABASE).getCollection("tracks");
            if (tracks.countDocuments(Filters.eq("_id", id(SIZE))) > 0) {
                return;
            }
            Date now = new Date();
            List<Document> all = new ArrayList<>();
            for (int i = 1; i <= SIZE; i++) {
                Document d = new Document("_id", id(i)).append("name", name(i)).append("artists", artists(i))
                        .append("album", album(i)).append("genres", List.of("indie"))
                        .append("features", new Document("energy", energy(i))
                                .append("instrumentalness", instrumental(i) ? 0.9 : 0.02).append("tempo", 120.0))
                        .append("popularity", 50).append("explicit", false).append("updatedAt", now);
                if (durationMs(i) != null) {
                    d.append("durationMs", durationMs(i));
                }
                all.add(d);
            }
            for (Document d : all) {
                tracks.replaceOne(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true));
            }
        }
    }
}
