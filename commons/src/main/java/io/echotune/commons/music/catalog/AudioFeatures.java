package io.echotune.commons.music.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A track's audio features as Spotify defined them. Ratios are 0..1, tempo is BPM, loudness is dB (about -60..5).
 * A value the source did not have, or had out of range, is null: never guessed.
 */
public record AudioFeatures(Double danceability, Double energy, Double valence, Double tempo, Double acousticness,
        Double instrumentalness, Double speechiness, Double liveness, Double loudness) {

    /** The names as stored and returned, in this order. */
    public static final String[] NAMES = {"danceability", "energy", "valence", "tempo", "acousticness",
        "instrumentalness", "speechiness", "liveness", "loudness"};

    public boolean isEmpty() {
        return danceability == null && energy == null && valence == null && tempo == null && acousticness == null
                && instrumentalness == null && speechiness == null && liveness == null && loudness == null;
    }

    /** The present values by name, in {@link #NAMES} order. */
    public Map<String, Double> asMap() {
        Map<String, Double> values = new LinkedHashMap<>();
        put(values, "danceability", danceability);
        put(values, "energy", energy);
        put(values, "valence", valence);
        put(values, "tempo", tempo);
        put(values, "acousticness", acousticness);
        put(values, "instrumentalness", instrumentalness);
        put(values, "speechiness", speechiness);
        put(values, "liveness", liveness);
        put(values, "loudness", loudness);
        return values;
    }

    public static AudioFeatures fromMap(Map<String, ? extends Number> values) {
        return new AudioFeatures(ratio(values.get("danceability")), ratio(values.get("energy")),
                ratio(values.get("valence")), tempo(values.get("tempo")), ratio(values.get("acousticness")),
                ratio(values.get("instrumentalness")), ratio(values.get("speechiness")),
                ratio(values.get("liveness")), loudness(values.get("loudness")));
    }

    /** This, with each missing value taken from {@code other}. */
    public AudioFeatures orElse(AudioFeatures other) {
        if (other == null) {
            return this;
        }
        return new AudioFeatures(first(danceability, other.danceability), first(energy, other.energy),
                first(valence, other.valence), first(tempo, other.tempo), first(acousticness, other.acousticness),
                first(instrumentalness, other.instrumentalness), first(speechiness, other.speechiness),
                first(liveness, other.liveness), first(loudness, other.loudness));
    }

    static Double ratio(Number value) {
        return inRange(value, 0.0, 1.0);
    }

    static Double tempo(Number value) {
        return inRange(value, 1.0, 300.0);
    }

    static Double loudness(Number value) {
        return inRange(value, -80.0, 10.0);
    }

    private static Double inRange(Number value, double min, double max) {
        if (value == null) {
            return null;
        }
        double v = value.doubleValue();
        return Double.isFinite(v) && v >= min && v <= max ? v : null;
    }

    private static Double first(Double a, Double b) {
        return a != null ? a : b;
    }

    private static void put(Map<String, Double> values, String name, Double value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
