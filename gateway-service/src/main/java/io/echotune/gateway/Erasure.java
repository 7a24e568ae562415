package io.echotune.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An account erasure as its status tells it (API.md "Identity"): RUNNING until every service that held the user's
 * data has reported that it erased it, then COMPLETED. It names no user.
 */
@RegisterForReflection
public record Erasure(UUID erasureId, Status status, Map<String, ServiceStatus> services, Instant requestedAt,
                      Instant completedAt) {

    public enum Status { RUNNING, COMPLETED }

    public enum ServiceStatus { PENDING, DONE }

    /** The gateway's own part: the account rows at once, its Redis keys when its consumer gets the event. */
    public static final String GATEWAY = "gateway";
}
