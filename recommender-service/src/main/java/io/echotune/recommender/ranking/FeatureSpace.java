package io.echotune.recommender.ranking;

import java.util.List;
import java.util.Locale;

/**
 * The audio features the model reads, in a fixed order, and their scaling to 0..1 so that distances treat them
 * alike: ratios as they are, tempo (BPM) over 40..220, loudness (dB) over -60..0. A missing value is NaN, never
 * guessed.
 */
public final class FeatureSpace {

    public static final List<String> NAMES = List.of("danceability", "energy", "valence", "tempo", "acousticness",
            "instrumentalness", "speechiness", "liveness", "loudness");
    public static final int DIMENSIONS = NAMES.size();
    public static final int TEMPO = 3;
    public static final int LOUDNESS = 8;

    private static final double TEMPO_MIN = 40;
    private static final double TEMPO_SPAN = 180;
    private static final double LOUDNESS_MIN = -60;
    private static final double LOUDNESS_SPAN = 60;

    private FeatureSpace() {
    }

    /** The position of a feature name, or -1. */
    public static int index(String name) {
        return name == null ? -1 : NAMES.indexOf(name.strip().toLowerCase(Locale.ROOT));
    }

    /** A raw value (as stored: ratio, BPM or dB) scaled to 0..1. */
    public static float scale(int dimension, double raw) {
        if (Double.isNaN(raw)) {
            return Float.NaN;
        }
        double v = switch (dimension) {
            case TEMPO -> (raw - TEMPO_MIN) / TEMPO_SPAN;
            case LOUDNESS -> (raw - LOUDNESS_MIN) / LOUDNESS_SPAN;
            default -> raw;
        };
        return (float) Math.max(0, Math.min(1, v));
    }

    /** How far apart two raw values are in scaled units (for ranges given in raw units). */
    public static double scaledDistance(int dimension, double rawDistance) {
        return switch (dimension) {
            case TEMPO -> rawDistance / TEMPO_SPAN;
            case LOUDNESS -> rawDistance / LOUDNESS_SPAN;
            default -> rawDistance;
        };
    }

    /** The raw value of a scaled one (for reporting centres in the units people know). */
    public static double unscale(int dimension, double scaled) {
        return switch (dimension) {
            case TEMPO -> TEMPO_MIN + scaled * TEMPO_SPAN;
            case LOUDNESS -> LOUDNESS_MIN + scaled * LOUDNESS_SPAN;
            default -> scaled;
        };
    }

    /** The valid raw range of a feature, as the API accepts targets: ratios 0..1, tempo 0..300, loudness -60..5. */
    public static double rawMin(int dimension) {
        return switch (dimension) {
            case TEMPO -> 0;
            case LOUDNESS -> -60;
            default -> 0;
        };
    }

    public static double rawMax(int dimension) {
        return switch (dimension) {
            case TEMPO -> 300;
            case LOUDNESS -> 5;
            default -> 1;
        };
    }
}
