package io.echotune.insights.repository;

import java.util.List;

/**
 * What the mood aggregation returns: coverage counts and the occupied grid cells with the sums the means are
 * derived from.
 */
public record MoodRows(long records, long recordsWithFeatures, long tracks, long tracksWithFeatures,
                       List<Cell> cells) {

    public record Cell(int valenceBin, int energyBin, long records, long msPlayed, double valenceSum,
                       double energySum) {
    }
}
