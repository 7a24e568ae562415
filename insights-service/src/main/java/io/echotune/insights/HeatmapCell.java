package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Plays that ended in one hour of one ISO weekday (1 = Monday .. 7 = Sunday), in the requested zone. */
@RegisterForReflection
public record HeatmapCell(int weekday, int hour, long records, long streams, long msPlayed) {
}
