package io.echotune.playlist;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** A playlist's refresh schedule: {@code every} is daily or weekly; {@code nextRunAt} when the next refresh is due. */
@RegisterForReflection
public record Schedule(String every, Instant nextRunAt) {
}
