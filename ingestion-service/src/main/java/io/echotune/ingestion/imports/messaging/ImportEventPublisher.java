package io.echotune.ingestion.imports.messaging;

import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventSender;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Publishes import lifecycle events on echotune.import-events (keyed by user id) and waits for the broker's
 * acknowledgement: a downstream service (enrichment, insights caches) must not miss a finished import.
 * The eventId is derived from the import id, so a re-published event is recognisably the same event.
 */
@ApplicationScoped
public class ImportEventPublisher {

    public static final String COMPLETED = "import.completed";
    public static final String FAILED = "import.failed";

    private final EventSender sender;
    private final IngestionConfig config;

    public ImportEventPublisher(EventSender sender, IngestionConfig config) {
        this.sender = sender;
        this.config = config;
    }

    /** Payload of import.completed and import.failed. */
    @RegisterForReflection
    public record ImportOutcome(UUID importId, String status, long recordsRead, long recordsStored, long duplicates,
                                long rejected, Instant firstPlayedAt, Instant lastPlayedAt,
                                List<ImportJob.ImportedFile> files, String failure) {
    }

    public void publish(String type, String userId, ImportOutcome outcome) throws Exception {
        var envelope = EventSender.envelope(type + ":" + outcome.importId(), type, userId, outcome);
        sender.sendAndWait(config.pipeline().importTopic(), userId, sender.toJson(envelope),
                config.pipeline().sendTimeout());
    }
}
