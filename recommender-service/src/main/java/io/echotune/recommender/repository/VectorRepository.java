package io.echotune.recommender.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.types.Binary;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Embedding vectors of the semantic vocabulary (genre names), kept in MongoDB ({@code semantic_vectors}) so that a
 * restart reads them instead of embedding about two thousand names again. _id is {@code <model>|<text>}; the vector is
 * 384 little-endian floats. A cache: deleting it only costs the next start-up a few seconds.
 */
@ApplicationScoped
public class VectorRepository {

    private final ReactiveMongoCollection<Document> vectors;

    public VectorRepository(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.vectors = mongo.getDatabase(database).getCollection("semantic_vectors");
    }

    public Uni<Map<String, float[]>> load(String model) {
        String prefix = model + "|";
        return vectors.find(Filters.eq("model", model)).collect().in(HashMap::new, (map, d) -> {
            String id = d.getString("_id");
            if (id.startsWith(prefix) && d.get("vector") instanceof Binary b) {
                map.put(id.substring(prefix.length()), floats(b.getData()));
            }
        });
    }

    public Uni<Void> save(String model, Map<String, float[]> vectorsByText) {
        return Multi.createFrom().iterable(vectorsByText.entrySet())
                .onItem().transformToUniAndMerge(e -> vectors.replaceOne(Filters.eq("_id", model + "|" + e.getKey()),
                        new Document("_id", model + "|" + e.getKey()).append("model", model)
                                .append("vector", new Binary(bytes(e.getValue()))), new ReplaceOptions().upsert(true)))
                .collect().last().replaceWithVoid();
    }

    private static byte[] bytes(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            buffer.putFloat(x);
        }
        return buffer.array();
    }

    private static float[] floats(byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[data.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffer.getFloat();
        }
        return v;
    }
}
