package io.echotune.ingestion.imports.messaging;

import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventSender;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

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

    /** Completes once the broker acknowledged the event; fails after the send timeout without an answer. */
    public Uni<Void> publish(String type, String userId, ImportOutcome outcome) {
        var envelope = EventSender.envelope(type + ":" + outcome.importId(), type, userId, outcome);
        Duration timeout = config.pipeline().sendTimeout();
        return sender.sendAcknowledged(config.pipeline().importTopic(), userId, sender.toJson(envelope))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException(
                        "The broker did not acknowledge " + type + " of import " + outcome.importId() + " in time"));
    }
}
