package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Valence x energy distribution of the plays (every record counts once) of tracks the catalog has features for:
 * a {@code bins x bins} grid, valence bin major, plus the play-weighted means (null without any such play).
 */
@RegisterForReflection
public record MoodDistribution(int bins, List<MoodCell> cells, Double meanValence, Double meanEnergy,
                               MoodCoverage coverage) {
}
