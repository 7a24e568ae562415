package io.echotune.ingestion.shared.store;

import io.echotune.ingestion.catalog.repository.TrackNameRepository;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Creates the staging directory, and the MongoDB indexes in the background: a MongoDB that is down at start-up
 * must not keep the service from starting (readiness reports it), so index creation is retried until it works.
 */
@ApplicationScoped
public class StoreSetup {

    private static final Logger LOG = Logger.getLogger(StoreSetup.class);

    private final ListeningHistoryRepository history;
    private final TrackNameRepository names;
    private final IngestionConfig config;

    public StoreSetup(ListeningHistoryRepository history, TrackNameRepository names, IngestionConfig config) {
        this.history = history;
        this.names = names;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        // Both chains are built here, on the start-up thread: the second step runs on a MongoDB driver thread, whose
        // context class loader cannot create a CDI bean, so a repository first touched there fails to be created
        // (ClassNotFoundException: jakarta.enterprise.inject.spi.InjectionPoint, every retry, with a slow store).
        Uni<Void> historyIndexes = history.ensureIndexes();
        Uni<Void> nameIndexes = names.ensureIndexes();
        historyIndexes.chain(() -> nameIndexes)
                .onFailure().invoke(e -> LOG.warnf(e, "Creating the listening_history or track_name_claims indexes failed; retrying"))
                .onFailure().retry().withBackOff(Duration.ofSeconds(2), Duration.ofMinutes(1)).indefinitely()
                .subscribe().with(done -> LOG.info("listening_history and track_name_claims indexes are in place"));
        try {
            Files.createDirectories(Path.of(config.stagingDirectory()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the staging directory " + config.stagingDirectory(), e);
        }
    }
}
