package io.echotune.insights;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.echotune.insights.service.ListeningSnapshotService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one test writes to the stack's MongoDB: the users whose plays it inserts (and whose snapshots the service
 * builds) and the catalog tracks it adds. {@link #remove()} deletes all of it, after each test.
 */
final class TestData {

    final List<String> users = new ArrayList<>();
    final List<String> catalogIds = new ArrayList<>();
    private final MongoClient mongo;
    private final ListeningSnapshotService snapshots;

    TestData(MongoClient mongo, ListeningSnapshotService snapshots) {
        this.mongo = mongo;
        this.snapshots = snapshots;
    }

    void remove() {
        users.forEach(user -> {
            mongo.getDatabase("echotune").getCollection("listening_history").deleteMany(Filters.eq("userId", user));
            snapshots.erase(user).await().atMost(Duration.ofSeconds(10));
        });
        if (!catalogIds.isEmpty()) {
            mongo.getDatabase("echotune").getCollection("tracks").deleteMany(Filters.in("_id", catalogIds));
        }
        users.clear();
        catalogIds.clear();
    }
}
