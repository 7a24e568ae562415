package io.echotune.ingestion.shared.store;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one MongoDB database the ingestion service owns ({@code quarkus.mongodb.database}, see docs/stores.md), so
 * no repository names it itself.
 */
public class MongoDatabaseProducer {

    @Produces
    @Singleton
    ReactiveMongoDatabase database(ReactiveMongoClient mongo,
                                   @ConfigProperty(name = "quarkus.mongodb.database") String name) {
        return mongo.getDatabase(name);
    }
}
