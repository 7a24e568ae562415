package io.echotune.recommender.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Activities, moods and times of day as audio-feature targets (docs/recommender.md, "Context table"). The names and
 * ranges are the LLM router's lexicon (llm-router-service/README.md, "Lexicon"), so a structured {@code context} and a
 * prompt the router reads land on the same targets; {@code rainy} is the recommender's own (lower energy, acoustic).
 * When several entries name the same feature, ranges are intersected (averaged when they do not overlap) and aims
 * averaged. Explicit {@code targets} in a request replace the table's entry for that feature.
 */
public final class ContextTable {

    /** A wanted range of one feature in raw units, and the value to aim for. */
    public record Range(double min, double max, double target) {
    }

    private static final Map<String, Map<String, Range>> ACTIVITIES = new LinkedHashMap<>();
    private static final Map<String, Map<String, Range>> MOODS = new LinkedHashMap<>();
    private static final Map<String, Map<String, Range>> TIMES = new LinkedHashMap<>();

    static {
        activity("workout", "energy", 0.75, 1.0, 0.88, "tempo", 120, 180, 140, "danceability", 0.5, 1.0, 0.7);
        activity("running", "energy", 0.7, 1.0, 0.85, "tempo", 150, 185, 165);
        activity("study", "energy", 0.1, 0.5, 0.3, "speechiness", 0.0, 0.1, 0.04, "instrumentalness", 0.3, 1.0, 0.7);
        activity("focus", "energy", 0.2, 0.6, 0.4, "speechiness", 0.0, 0.1, 0.04, "instrumentalness", 0.4, 1.0, 0.75);
        activity("sleep", "energy", 0.0, 0.25, 0.1, "tempo", 50, 90, 65, "acousticness", 0.6, 1.0, 0.85,
                "loudness", -40, -15, -22);
        activity("party", "danceability", 0.65, 1.0, 0.8, "energy", 0.65, 1.0, 0.8, "valence", 0.5, 1.0, 0.7);
        activity("driving", "energy", 0.5, 0.9, 0.7, "tempo", 100, 150, 120);
        activity("cooking", "valence", 0.5, 1.0, 0.7, "energy", 0.35, 0.75, 0.55);
        activity("cleaning", "energy", 0.6, 1.0, 0.75, "valence", 0.5, 1.0, 0.7);
        activity("dinner", "energy", 0.2, 0.55, 0.4, "acousticness", 0.3, 1.0, 0.6);
        activity("yoga", "energy", 0.05, 0.4, 0.2, "tempo", 60, 100, 80, "instrumentalness", 0.3, 1.0, 0.7);
        activity("meditation", "energy", 0.0, 0.25, 0.1, "instrumentalness", 0.6, 1.0, 0.9);
        activity("reading", "energy", 0.05, 0.4, 0.2, "instrumentalness", 0.4, 1.0, 0.75, "speechiness", 0.0, 0.08, 0.03);
        activity("gaming", "energy", 0.6, 1.0, 0.8);
        activity("walking", "energy", 0.4, 0.75, 0.55, "tempo", 100, 130, 115);
        activity("commute", "energy", 0.4, 0.8, 0.6);

        mood("happy", "valence", 0.65, 1.0, 0.8, "energy", 0.5, 0.9, 0.65);
        mood("sad", "valence", 0.0, 0.35, 0.2, "energy", 0.1, 0.5, 0.3);
        mood("calm", "energy", 0.0, 0.4, 0.25, "tempo", 60, 110, 85, "acousticness", 0.4, 1.0, 0.7);
        mood("chill", "energy", 0.2, 0.55, 0.4, "valence", 0.3, 0.8, 0.55, "tempo", 70, 115, 95);
        mood("energetic", "energy", 0.7, 1.0, 0.85, "tempo", 115, 180, 135);
        mood("upbeat", "energy", 0.6, 1.0, 0.75, "valence", 0.6, 1.0, 0.75, "danceability", 0.55, 1.0, 0.7);
        mood("melancholic", "valence", 0.05, 0.4, 0.25, "energy", 0.15, 0.55, 0.35);
        mood("romantic", "valence", 0.4, 0.85, 0.6, "energy", 0.2, 0.6, 0.4, "acousticness", 0.2, 0.9, 0.5);
        mood("angry", "energy", 0.8, 1.0, 0.92, "valence", 0.0, 0.45, 0.25, "loudness", -8, 0, -4);
        mood("dreamy", "energy", 0.2, 0.55, 0.4, "acousticness", 0.2, 0.9, 0.5, "instrumentalness", 0.1, 1.0, 0.4);
        mood("dark", "valence", 0.0, 0.3, 0.15);
        mood("nostalgic");
        mood("uplifting", "valence", 0.55, 1.0, 0.75, "energy", 0.5, 0.9, 0.7);
        mood("cozy", "energy", 0.15, 0.5, 0.35, "acousticness", 0.4, 1.0, 0.7, "valence", 0.35, 0.8, 0.55);
        mood("epic", "energy", 0.5, 1.0, 0.7, "instrumentalness", 0.3, 1.0, 0.7);
        mood("rainy", "energy", 0.1, 0.5, 0.3, "acousticness", 0.4, 1.0, 0.65, "valence", 0.15, 0.6, 0.4);

        time("morning", "energy", 0.35, 0.8, 0.55, "valence", 0.45, 1.0, 0.65);
        time("afternoon", "energy", 0.4, 0.8, 0.6);
        time("evening", "energy", 0.25, 0.65, 0.45);
        time("night", "energy", 0.1, 0.55, 0.35);
    }

    private ContextTable() {
    }

    public static Collection<String> activities() {
        return ACTIVITIES.keySet();
    }

    public static Collection<String> moods() {
        return MOODS.keySet();
    }

    public static Collection<String> timesOfDay() {
        return TIMES.keySet();
    }

    public static Map<String, Range> activity(String name) {
        return ACTIVITIES.get(key(name));
    }

    public static Map<String, Range> mood(String name) {
        return MOODS.get(key(name));
    }

    public static Map<String, Range> timeOfDay(String name) {
        return TIMES.get(key(name));
    }

    /** The UTC bucket of a time of day name, as TasteAccumulator counts plays (-1 when unknown). */
    public static int bucket(String timeOfDay) {
        return timeOfDay == null ? -1 : TasteAccumulator.BUCKETS.indexOf(key(timeOfDay));
    }

    /**
     * Targets of several table entries combined: ranges intersected (averaged when disjoint), aims averaged; keys in
     * feature order.
     */
    public static Map<String, Range> combine(List<Map<String, Range>> entries) {
        Map<String, List<Range>> byFeature = new TreeMap<>();
        for (Map<String, Range> entry : entries) {
            if (entry != null) {
                entry.forEach((feature, range) -> byFeature.computeIfAbsent(feature, f -> new ArrayList<>()).add(range));
            }
        }
        Map<String, Range> out = new LinkedHashMap<>();
        for (String feature : FeatureSpace.NAMES) {
            List<Range> ranges = byFeature.get(feature);
            if (ranges == null) {
                continue;
            }
            double min = ranges.stream().mapToDouble(Range::min).max().orElseThrow();
            double max = ranges.stream().mapToDouble(Range::max).min().orElseThrow();
            if (min > max) {
                min = ranges.stream().mapToDouble(Range::min).average().orElseThrow();
                max = ranges.stream().mapToDouble(Range::max).average().orElseThrow();
            }
            double target = ranges.stream().mapToDouble(Range::target).average().orElseThrow();
            out.put(feature, new Range(min, max, Math.max(min, Math.min(max, target))));
        }
        return out;
    }

    private static String key(String name) {
        return name == null ? null : name.strip().toLowerCase(Locale.ROOT);
    }

    private static void activity(String name, Object... spec) {
        ACTIVITIES.put(name, ranges(spec));
    }

    private static void mood(String name, Object... spec) {
        MOODS.put(name, ranges(spec));
    }

    private static void time(String name, Object... spec) {
        TIMES.put(name, ranges(spec));
    }

    private static Map<String, Range> ranges(Object... spec) {
        Map<String, Range> out = new LinkedHashMap<>();
        for (int i = 0; i < spec.length; i += 4) {
            out.put((String) spec[i], new Range(((Number) spec[i + 1]).doubleValue(), ((Number) spec[i + 2]).doubleValue(),
                    ((Number) spec[i + 3]).doubleValue()));
        }
        return Map.copyOf(out);
    }
}
