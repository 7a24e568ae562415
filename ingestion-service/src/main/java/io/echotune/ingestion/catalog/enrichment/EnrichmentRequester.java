package io.echotune.ingestion.catalog.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.TrackNames;
import io.echotune.ingestion.catalog.repository.ImportTrackRepository.ImportTrack;
import io.echotune.ingestion.catalog.repository.ImportTrackRepository;
import io.echotune.ingestion.catalog.repository.ImportTrackRepository.ListedTrack;
import io.echotune.ingestion.catalog.repository.TrackNameRepository;
import io.echotune.ingestion.catalog.repository.TrackResolutionRepository;
import io.echotune.ingestion.imports.messaging.ImportEventPublisher;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a completed import into enrichment requests: consumer group {@code ingestion-enrichment-requester} on
 * echotune.import-events. For each {@code import.completed} it pages through the import's tracks
 * (ingestion.import_tracks, written by the import worker), records the name keys of all tracks that came with a URI
 * ({@code track_names}, source history, so later basic imports resolve), and of those still pending settles at once
 * the keys already RESOLVED and puts every other key on echotune.enrichment-requests. Everything it does is idempotent, so a redelivered
 * import.completed only sends the same requests (same event ids) again.
 */
@ApplicationScoped
public class EnrichmentRequester {

    private static final Logger LOG = Logger.getLogger(EnrichmentRequester.class);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    private static final int PAGE = 500;

    private final KafkaClients kafka;
    private final IngestionConfig config;
    private final ObjectMapper json;
    private final ImportTrackRepository importTracks;
    private final TrackNameRepository names;
    private final TrackResolutionRepository resolutions;
    private final EnrichmentEventPublisher events;
    private CommittingConsumer consumer;

    public EnrichmentRequester(KafkaClients kafka, IngestionConfig config, ObjectMapper json,
                               ImportTrackRepository importTracks, TrackNameRepository names,
                               TrackResolutionRepository resolutions, EnrichmentEventPublisher events) {
        this.kafka = kafka;
        this.config = config;
        this.json = json;
        this.importTracks = importTracks;
        this.names = names;
        this.resolutions = resolutions;
        this.events = events;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enrichment().enabled()) {
            // one import.completed per poll: a large import takes a while to request, and each is committed as
            // soon as it is done
            consumer = CommittingConsumer.perPoll(kafka, config.enrichment().requesterGroup(),
                    config.pipeline().importTopic(), "enrichment-requester", 1, CommittingConsumer.Health.NONE,
                    this::handle);
            consumer.start();
            LOG.infof("Enrichment requester started (group %s)", config.enrichment().requesterGroup());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.stop();
        }
    }

    private void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
        for (ConsumerRecord<String, byte[]> record : batch) {
            JsonNode envelope;
            try {
                envelope = json.readTree(record.value());
            } catch (IOException e) {
                LOG.errorf("Unreadable message at %s-%d offset %d skipped: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                continue;
            }
            if (!ImportEventPublisher.COMPLETED.equals(envelope.path("type").asText())) {
                continue;
            }
            int version = envelope.path("schemaVersion").asInt(-1);
            if (version != EventEnvelope.SCHEMA_VERSION) {
                LOG.errorf("import.completed with schemaVersion %d at offset %d skipped: only %d is known", version,
                        record.offset(), EventEnvelope.SCHEMA_VERSION);
                continue;
            }
            UUID importId = UUID.fromString(envelope.path("payload").path("importId").asText());
            request(importId, envelope.path("userId").asText(null));
        }
    }

    /**
     * Blocking. Records the name claims of every track of the import, and requests enrichment only for the tracks
     * still pending: a key another import's enrichment settled meanwhile needs no request, but this user's claim on
     * its name still counts towards the quorum.
     */
    void request(UUID importId, String userId) throws Exception {
        long requested = 0;
        long alreadyResolved = 0;
        String after = null;
        while (true) {
            List<ListedTrack> listed = importTracks.tracks(importId, after, PAGE)
                    .await().atMost(STORE_TIMEOUT);
            if (listed.isEmpty()) {
                break;
            }
            after = listed.get(listed.size() - 1).track().trackKey();
            names.recordHistory(userId, historyNames(listed.stream().map(ListedTrack::track)
                    .toList())).await().atMost(STORE_TIMEOUT);
            List<ImportTrack> page = listed.stream().filter(ListedTrack::pending)
                    .map(ListedTrack::track).toList();
            if (page.isEmpty()) {
                continue;
            }
            Map<String, ResolutionStatus> known = resolutions.statuses(page.stream().map(ImportTrack::trackKey).toList())
                    .await().atMost(STORE_TIMEOUT);
            List<String> resolved = new ArrayList<>();
            EventSender.Acks sends = events.newBatch();
            for (ImportTrack t : page) {
                if (known.get(t.trackKey()) == ResolutionStatus.RESOLVED) {
                    resolved.add(t.trackKey());
                } else {
                    events.requested(sends, userId, new EnrichmentEvents.Requested(t.trackKey(), t.trackName(),
                            t.artistName(), t.albumName(), importId));
                    requested++;
                }
            }
            events.confirm(sends);
            importTracks.settle(resolved, ResolutionStatus.RESOLVED).await().atMost(STORE_TIMEOUT);
            alreadyResolved += resolved.size();
        }
        if (requested + alreadyResolved > 0) {
            LOG.infof("Import %s: %d tracks requested for enrichment, %d resolved before", importId, requested,
                    alreadyResolved);
        }
    }

    /** Name key -> track id of the tracks that came with a Spotify track URI and both names. */
    private static Map<String, String> historyNames(List<ImportTrack> page) {
        Map<String, String> byName = new HashMap<>();
        for (ImportTrack t : page) {
            if (t.artistName() == null || t.trackName() == null) {
                continue;
            }
            SpotifyTrackIds.parse(t.trackUri()).ifPresent(id ->
                    byName.putIfAbsent(TrackNames.nameKey(t.artistName(), t.trackName()), id));
        }
        return byName;
    }
}
