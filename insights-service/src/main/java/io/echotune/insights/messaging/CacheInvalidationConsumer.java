package io.echotune.insights.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.insights.repository.InsightsCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Function;

/**
 * Drops a user's cached insights when their history changes: {@code import.completed} on
 * {@code echotune.import-events} and {@code user.deleted} on {@code echotune.user-events} (consumer group
 * {@code insights-cache}; one group for all replicas, as they share Redis). Other event types are ignored.
 * Redelivery is harmless: invalidating twice is invalidating once. Events of an unknown schema version are logged
 * loudly but still invalidate: dropping a cache can never show a user wrong figures, keeping one can.
 */
@ApplicationScoped
public class CacheInvalidationConsumer {

    static final String IMPORT_COMPLETED = "import.completed";
    static final String USER_DELETED = "user.deleted";
    static final int KNOWN_SCHEMA_VERSION = 1;

    private static final Logger LOG = Logger.getLogger(CacheInvalidationConsumer.class);
    private static final int REDIS_ATTEMPTS = 5;

    private final InsightsCache cache;
    private final ObjectMapper json;

    public CacheInvalidationConsumer(InsightsCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    @Incoming("import-events")
    public Uni<Void> onImportEvent(String message) {
        return handle(message, IMPORT_COMPLETED, userId -> cache.invalidate(userId).replaceWithVoid());
    }

    @Incoming("user-events")
    public Uni<Void> onUserEvent(String message) {
        return handle(message, USER_DELETED, cache::forget);
    }

    private Uni<Void> handle(String message, String wantedType, Function<String, Uni<Void>> invalidation) {
        InboundEvent event = parse(message);
        if (event == null || !wantedType.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        if (event.userId() == null || event.userId().isBlank()) {
            LOG.errorf("%s event %s has no userId; nothing to invalidate", event.type(), event.eventId());
            return Uni.createFrom().voidItem();
        }
        if (event.schemaVersion() == null || event.schemaVersion() != KNOWN_SCHEMA_VERSION) {
            LOG.errorf("%s event %s has unknown schemaVersion %s; invalidating anyway", event.type(),
                    event.eventId(), event.schemaVersion());
        }
        // A lost invalidation leaves stale figures until the TTL: retry a Redis hiccup, then log and move on so one
        // bad moment never stops the consumer.
        return invalidation.apply(event.userId())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(REDIS_ATTEMPTS)
                .invoke(() -> LOG.debugf("Insights cache of %s invalidated by %s %s", event.userId(), event.type(),
                        event.eventId()))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "Could not invalidate the insights cache of %s for %s %s", event.userId(),
                            event.type(), event.eventId());
                    return null;
                });
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
