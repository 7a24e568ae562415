package io.echotune.insights.messaging;

import io.echotune.commons.messaging.UntilStored;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.insights.repository.InsightsCache;
import io.echotune.insights.service.ListeningSnapshotService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps what insights derive from a user's history in step with it (consumer group {@code insights-cache}; one
 * group for all replicas, as they share MongoDB and Redis):
 * <ul>
 * <li>{@code import.completed} on {@code echotune.import-events}: the user's snapshot is marked stale, their Redis
 * entries invalidated, and the snapshot rebuilt in the background (a read before that builds it itself).</li>
 * <li>{@code track.features-resolved} on {@code echotune.track-features}: the catalog change is counted, which
 * invalidates every user's cached genre and mood figures and the catalog facts replicas remember (snapshots hold no
 * catalog data, so they stay).</li>
 * </ul>
 * The order matters: the snapshot is marked stale before the cache generation moves, so a request that reads the new
 * generation can only see a current snapshot or build one. ({@code user.deleted} is ErasureConsumer's.) Other event
 * types are ignored. Redelivery is harmless
 * (marking stale, invalidating and erasing twice is doing it once). A failing store is waited out ({@link UntilStored}):
 * the event is retried with back-off until its work is done, and only then acknowledged, so its offset is never
 * committed before (each channel handles one event at a time, so later events wait behind it). Events of an unknown schema version are logged
 * loudly but still acted on: dropping derived data can never show a user wrong figures, keeping it can.
 */
@ApplicationScoped
public class CacheInvalidationConsumer {

    static final String IMPORT_COMPLETED = "import.completed";
    static final String TRACK_FEATURES_RESOLVED = "track.features-resolved";
    static final int KNOWN_SCHEMA_VERSION = 1;

    private static final Logger LOG = Logger.getLogger(CacheInvalidationConsumer.class);

    private final InsightsCache cache;
    private final ListeningSnapshotService snapshots;
    private final ObjectMapper json;
    private final UntilStored untilStored;

    public CacheInvalidationConsumer(InsightsCache cache, ListeningSnapshotService snapshots, ObjectMapper json,
                                     UntilStored untilStored) {
        this.cache = cache;
        this.snapshots = snapshots;
        this.json = json;
        this.untilStored = untilStored;
    }

    @Incoming("import-events")
    public Uni<Void> onImportEvent(String message) {
        return handleUserEvent("import-events", message, IMPORT_COMPLETED,
                userId -> snapshots.invalidate(userId).chain(() -> cache.invalidate(userId)).replaceWithVoid(),
                snapshots::rebuildInBackground);
    }

    @Incoming("track-features")
    public Uni<Void> onTrackFeatures(String message) {
        InboundEvent event = parse(message);
        if (event == null || !TRACK_FEATURES_RESOLVED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        warnOnUnknownVersion(event);
        return withRetries("track-features", cache::countCatalogChange, event, "the catalog-dependent insights");
    }

    private Uni<Void> handleUserEvent(String consumer, String message, String wantedType,
                                      Function<String, Uni<Void>> invalidation,
                                      Consumer<String> afterwards) {
        InboundEvent event = parse(message);
        if (event == null || !wantedType.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        if (event.userId() == null || event.userId().isBlank()) {
            LOG.errorf("%s event %s has no userId; nothing to invalidate", event.type(), event.eventId());
            return Uni.createFrom().voidItem();
        }
        warnOnUnknownVersion(event);
        return withRetries(consumer, () -> invalidation.apply(event.userId()), event, "the insights of " + event.userId())
                .invoke(() -> afterwards.accept(event.userId()));
    }

    /** A lost invalidation leaves stale figures, a lost erasure keeps data: wait out a MongoDB or Redis outage. */
    private Uni<Void> withRetries(String consumer, Supplier<Uni<Void>> invalidation, InboundEvent event,
                                  String what) {
        return untilStored.run(consumer, "invalidating " + what + " for " + event.type() + " " + event.eventId(), invalidation)
                .invoke(() -> LOG.debugf("Invalidated %s on %s %s", what, event.type(), event.eventId()));
    }

    private static void warnOnUnknownVersion(InboundEvent event) {
        if (event.schemaVersion() == null || event.schemaVersion() != KNOWN_SCHEMA_VERSION) {
            LOG.errorf("%s event %s has unknown schemaVersion %s; acting on it anyway", event.type(), event.eventId(),
                    event.schemaVersion());
        }
    }

    private InboundEvent parse(String message) {
        if (message == null) {
            return null;
        }
        try {
            return json.readValue(message, InboundEvent.class);
        } catch (JsonProcessingException e) {
            LOG.errorf("Unreadable event skipped: %s", e.getOriginalMessage());
            return null;
        }
    }
}
