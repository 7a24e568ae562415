package io.echotune.insights.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The envelope fields this service reads from other services' events (docs/events.md); the payload is not needed
 * to invalidate a cache.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record InboundEvent(String eventId, String type, String userId, Integer schemaVersion) {
}
