package io.echotune.commons.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden files in which an owning service records the real output of its writers and publishers
 * (ingestion-service's {@code contracts/} test resources, published as its {@code contracts} jar; docs/stores.md
 * "Readers of another service's store"). The owner writes them with {@link #toJson}; readers load them with
 * {@link #documents} and {@link #message} and put them through their own repositories and parsers.
 * <p>
 * Documents are a JSON array in MongoDB's relaxed extended JSON, except that 64-bit integers keep their
 * {@code $numberLong} wrapper: a reader that expects a long where the owner writes an int (or the reverse) must
 * see the difference, which plain relaxed JSON would erase.
 */
public final class OwnerContracts {

    /** Where the golden files lie on the classpath (and under the owner's src/test/resources). */
    public static final String ROOT = "contracts/";

    private static final JsonWriterSettings SETTINGS = JsonWriterSettings.builder()
            .outputMode(JsonMode.RELAXED)
            .int64Converter((value, writer) -> {
                writer.writeStartObject();
                writer.writeString("$numberLong", Long.toString(value));
                writer.writeEndObject();
            })
            .indent(true)
            .build();

    private OwnerContracts() {
    }

    /** The documents of a golden collection file, e.g. {@code documents("tracks.json")}, in the file's order. */
    public static List<Document> documents(String file) {
        Document wrapper = Document.parse("{\"documents\": " + text(file) + "}");
        return new ArrayList<>(wrapper.getList("documents", Document.class));
    }

    /**
     * {@link #storeGolden(String, String, String...)} into the MongoDB database the running test application is
     * configured with ({@code quarkus.mongodb.connection-string}, {@code quarkus.mongodb.database}, after its test
     * profile's overrides).
     */
    public static void storeGoldenInAppDatabase(String... collections) {
        Config config = ConfigProvider.getConfig();
        storeGolden(config.getValue("quarkus.mongodb.connection-string", String.class),
                config.getValue("quarkus.mongodb.database", String.class), collections);
    }

    /**
     * Replaces the documents of each collection with the golden file of its name ({@code tracks} ->
     * {@code tracks.json}): what the owner's writers stored, in the reader's own database.
     */
    public static void storeGolden(String connectionString, String database, String... collections) {
        try (MongoClient mongo = MongoClients.create(connectionString)) {
            MongoDatabase db = mongo.getDatabase(database);
            for (String collection : collections) {
                db.getCollection(collection).deleteMany(new Document());
                db.getCollection(collection).insertMany(documents(collection + ".json"));
            }
        }
    }

    /** The bytes of a golden event message, e.g. {@code message("events/import.completed.json")}. */
    public static byte[] message(String file) {
        return text(file).getBytes(StandardCharsets.UTF_8);
    }

    /** The golden file's text. */
    public static String text(String file) {
        try (InputStream in = OwnerContracts.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("No golden file " + ROOT + file + " on the test classpath: does the"
                        + " module depend on ingestion-service's contracts jar (test scope)?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Documents as a golden file holds them: one array, each document indented, a newline at the end. */
    public static String toJson(List<Document> documents) {
        List<String> each = new ArrayList<>();
        for (Document d : documents) {
            each.add(d.toJson(SETTINGS));
        }
        return "[\n" + String.join(",\n", each) + "\n]\n";
    }
}
