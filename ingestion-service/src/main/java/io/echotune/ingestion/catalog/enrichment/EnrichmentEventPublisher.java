package io.echotune.ingestion.catalog.enrichment;

import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventSender;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends enrichment.requested (keyed by track key, so one worker resolves a key) and track.features-resolved (keyed
 * by track id) through the service's {@link EventSender}. Sends are asynchronous; {@link #confirm} waits until the
 * broker acknowledged every send so far and throws the first failure, and callers confirm before they commit or
 * record anything that depends on it. Event ids are name-based UUIDs of what the event says, so a re-sent event is
 * recognisably the same one.
 */
@ApplicationScoped
public class EnrichmentEventPublisher {

    private final EventSender sender;
    private final IngestionConfig.Enrichment config;

    public EnrichmentEventPublisher(EventSender sender, IngestionConfig config) {
        this.sender = sender;
        this.config = config.enrichment();
    }

    public EventSender.Acks newBatch() {
        return new EventSender.Acks();
    }

    public void requested(EventSender.Acks sends, String userId, EnrichmentEvents.Requested request) {
        var envelope = EventSender.envelope(EnrichmentEvents.REQUESTED + ":" + request.importId() + ":"
                + request.trackKey(), EnrichmentEvents.REQUESTED, userId, request);
        sender.send(sends, config.requestTopic(), request.trackKey(), sender.toJson(envelope));
    }

    public void featuresResolved(EventSender.Acks sends, EnrichmentEvents.FeaturesResolved resolved) {
        // the same facts give the same id; new facts about the track (more features, genres) a new one
        var envelope = EventSender.envelope(EnrichmentEvents.FEATURES_RESOLVED + ":" + resolved.trackId() + ":"
                + resolved.source() + ":" + resolved.features() + ":" + resolved.genres(),
                EnrichmentEvents.FEATURES_RESOLVED, null, resolved);
        sender.send(sends, config.featuresTopic(), resolved.trackId(), sender.toJson(envelope));
    }

    /** Waits for every send of the batch to be acknowledged; throws the first failure. */
    public void confirm(EventSender.Acks sends) throws Exception {
        sender.confirm(sends);
    }
}
