package io.echotune.recommender.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The envelope of other services' events (docs/events.md), with the payload left as JSON for each consumer to read. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record InboundEvent(String eventId, String type, String userId, Integer schemaVersion, JsonNode payload) {
}
