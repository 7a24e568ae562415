package io.echotune.ingestion.shared.kafka;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope of every event this service publishes: eventId (deterministic, so a re-sent event can be
 * recognised), type, occurredAt, userId (also the Kafka key: per-user order) and schemaVersion, then the payload.
 */
@RegisterForReflection
public record EventEnvelope<T>(UUID eventId, String type, Instant occurredAt, String userId, int schemaVersion,
                               T payload) {

    public static final int SCHEMA_VERSION = 1;
}
