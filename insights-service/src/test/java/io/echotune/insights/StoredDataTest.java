package io.echotune.insights;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.echotune.insights.service.ListeningSnapshotService;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A test that writes to the stack's MongoDB: the users whose plays it inserts (and whose snapshots the service
 * builds) and the catalog tracks it adds are deleted after each test.
 */
abstract class StoredDataTest {

    @Inject
    MongoClient mongo;

    @Inject
    ListeningSnapshotService snapshots;

    final List<String> users = new ArrayList<>();
    final List<String> catalogIds = new ArrayList<>();

    @AfterEach
    void removeTestData() {
        users.forEach(user -> {
            history().deleteMany(Filters.eq("userId", user));
            snapshots.erase(user).await().atMost(Duration.ofSeconds(10));
        });
        if (!catalogIds.isEmpty()) {
            catalog().deleteMany(Filters.in("_id", catalogIds));
        }
        users.clear();
        catalogIds.clear();
    }

    /** A user id of this test's own, removed afterwards. */
    String newUser() {
        String user = getClass().getSimpleName() + "-" + UUID.randomUUID();
        users.add(user);
        return user;
    }

    MongoCollection<Document> history() {
        return mongo.getDatabase("echotune").getCollection("listening_history");
    }

    MongoCollection<Document> catalog() {
        return mongo.getDatabase("echotune").getCollection("tracks");
    }
}
