package io.echotune.recommender;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.Stores;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A profile resolves its plays against the catalog it is rebuilt on. When the model moves to another catalog version
 * (an operator's load; on a fresh installation, the first catalog after a model that started with none), every
 * profile built before it is rebuilt: without that, one rebuilt against an empty catalog kept no features or genres
 * until the user's next import (docs/reliability.md, finding 8).
 */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
class CatalogVersionRebuildTest {

    /** The catalog poll (30 s), the reload (about 15 s on a busy machine) and the rebuilds of every test user. */
    private static final Duration REBUILT = Duration.ofMinutes(4);

    private final String listener = "user-" + UUID.randomUUID();

    @AfterEach
    void removeThem() {
        Stores.removeUser(listener);
    }

    @Test
    void aNewCatalogVersionRebuildsTheProfilesBuiltBeforeIt() {
        int records = Stores.importHistory(listener, "basic/bjayesh47");
        Stores.completeImport(listener, records);
        Date builtBefore = Stores.awaitProfile(listener, records).getDate("builtAt");

        Stores.collection("catalog_meta").updateOne(Filters.eq("_id", "catalog"), Updates.inc("version", 1));

        long deadline = System.nanoTime() + REBUILT.toNanos();
        while (true) {
            Document profile = Stores.profiles().find(Filters.eq("_id", listener)).first();
            if (profile != null && profile.getDate("builtAt").after(builtBefore)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the profile was not rebuilt on the new catalog version");
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
    }
}
