package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Plays of tracks whose valence lies in [valenceFrom, valenceTo) and energy in [energyFrom, energyTo) (the last
 * bin includes 1.0).
 */
@RegisterForReflection
public record MoodCell(int valenceBin, int energyBin, double valenceFrom, double valenceTo, double energyFrom,
                       double energyTo, long records, long msPlayed) {
}
