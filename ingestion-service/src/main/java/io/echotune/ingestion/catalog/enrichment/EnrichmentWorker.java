package io.echotune.ingestion.catalog.enrichment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.catalog.repository.ImportTrackRepository;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.CommittingConsumer;
import io.echotune.ingestion.shared.kafka.EventEnvelope;
import io.echotune.ingestion.shared.kafka.EventSender;
import io.echotune.ingestion.shared.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enrichment workers: consumer group {@code ingestion-enrichment} on echotune.enrichment-requests. Each poll's
 * requests (distinct track keys) are resolved together (TrackResolver: catalog first, then the providers, batched),
 * then every resolved track is announced on echotune.track-features (acknowledged), then the coverage of every
 * import waiting on those keys is counted, and only then are the offsets committed. A failure sends the whole poll
 * round again; every step is idempotent.
 */
@ApplicationScoped
public class EnrichmentWorker {

    private static final Logger LOG = Logger.getLogger(EnrichmentWorker.class);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    private static final TypeReference<EventEnvelope<EnrichmentEvents.Requested>> REQUEST = new TypeReference<>() { };

    private final KafkaClients kafka;
    private final IngestionConfig config;
    private final ObjectMapper json;
    private final TrackResolver resolver;
    private final EnrichmentEventPublisher events;
    private final ImportTrackRepository importTracks;
    private final FeaturesProviders providers;
    private final List<CommittingConsumer> consumers = new ArrayList<>();

    public EnrichmentWorker(KafkaClients kafka, IngestionConfig config, ObjectMapper json, TrackResolver resolver,
                            EnrichmentEventPublisher events, ImportTrackRepository importTracks,
                            FeaturesProviders providers) {
        this.kafka = kafka;
        this.config = config;
        this.json = json;
        this.resolver = resolver;
        this.events = events;
        this.importTracks = importTracks;
        this.providers = providers;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enrichment().enabled()) {
            return;
        }
        for (int i = 0; i < config.enrichment().workerThreads(); i++) {
            CommittingConsumer consumer = CommittingConsumer.perPoll(kafka, config.enrichment().workerGroup(),
                    config.enrichment().requestTopic(), "enrichment-worker-" + i, config.enrichment().batchSize(),
                    CommittingConsumer.Health.NONE, this::handle);
            consumers.add(consumer);
            consumer.start();
        }
        LOG.infof("Enrichment workers started (%d consumer(s), group %s, features providers: %s)", consumers.size(),
                config.enrichment().workerGroup(), providers.enabledNames().isEmpty() ? "none (catalog only)"
                        : String.join(", ", providers.enabledNames()));
    }

    void onStop(@Observes ShutdownEvent event) {
        consumers.forEach(CommittingConsumer::signalStop);
        consumers.forEach(CommittingConsumer::awaitStop);
        consumers.clear();
    }

    private void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
        Map<String, EnrichmentEvents.Requested> requests = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            EnrichmentEvents.Requested request = read(record);
            if (request != null && request.trackKey() != null) {
                requests.putIfAbsent(request.trackKey(), request);
            }
        }
        if (requests.isEmpty()) {
            return;
        }
        List<TrackResolver.Outcome> outcomes = resolver.resolve(List.copyOf(requests.values()));
        EventSender.Acks sends = events.newBatch();
        List<String> resolved = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (TrackResolver.Outcome o : outcomes) {
            if (o.status() == ResolutionStatus.RESOLVED) {
                events.featuresResolved(sends, new EnrichmentEvents.FeaturesResolved(o.trackId(), o.source(),
                        o.genres(), o.features().asMap()));
                resolved.add(o.request().trackKey());
            } else {
                unresolved.add(o.request().trackKey());
            }
        }
        events.confirm(sends);
        importTracks.settle(resolved, ResolutionStatus.RESOLVED)
                .chain(() -> importTracks.settle(unresolved, ResolutionStatus.UNRESOLVED))
                .await().atMost(STORE_TIMEOUT);
        LOG.debugf("Enrichment: %d requests, %d resolved, %d unresolved", requests.size(), resolved.size(),
                unresolved.size());
    }

    /** The request, or null for a message that can never be handled (logged and skipped). */
    private EnrichmentEvents.Requested read(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode envelope = json.readTree(record.value());
            if (!EnrichmentEvents.REQUESTED.equals(envelope.path("type").asText())) {
                return null;
            }
            int version = envelope.path("schemaVersion").asInt(-1);
            if (version != EventEnvelope.SCHEMA_VERSION) {
                LOG.errorf("enrichment.requested with schemaVersion %d at %s-%d offset %d skipped", version,
                        record.topic(), record.partition(), record.offset());
                return null;
            }
            return json.convertValue(envelope, REQUEST).payload();
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf("Unreadable message at %s-%d offset %d skipped: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }
}
