package io.echotune.chat.service;

import io.echotune.chat.ConversationState;
import io.echotune.chat.FeatureRange;
import io.echotune.chat.MusicRequest;
import io.echotune.chat.Reading;
import io.echotune.chat.ShownTrack;
import io.echotune.chat.config.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Builds the conversation's music request from a reading: a new one for {@code recommend}, the current one changed
 * for {@code refine}. A refinement keeps every earlier constraint and changes only what the message names, and a
 * relative change ("calmer") becomes a hard bound on the far side of the shown list's mean, so the new list really
 * moves (the recommender treats min/max as bounds and target as a preference). Release years, excluded artists,
 * genres and tracks are bounds the recommender keeps too: a list that comes back shorter is said to be short.
 */
@ApplicationScoped
public class MusicRequests {

    /** Audio features on a 0-1 scale; tempo (BPM) and loudness (dB) have their own ranges. */
    private static final Set<String> RATIO_FEATURES = Set.of("danceability", "energy", "valence", "acousticness",
            "instrumentalness", "speechiness", "liveness");
    /** The share of a relative change that the bound moves past the shown mean: far enough to be clearly felt. */
    private static final double BOUND_SHARE = 0.25;

    private final ChatConfig config;

    public MusicRequests(ChatConfig config) {
        this.config = config;
    }

    /** The request and what of the message could not be applied, in plain words for the reply. */
    public record Built(MusicRequest request, List<String> notApplied) {
    }

    /**
     * A new request: the message itself is the prompt (the recommender reads it with the same interpreter), with the
     * count and novelty read from it. Exclusions made earlier in the conversation still hold.
     */
    public Built fresh(String text, Reading reading, MusicRequest previous) {
        int count = countOf(reading.count(), config.defaultTrackCount());
        Reading.Era era = reading.entities().era();
        MusicRequest request = new MusicRequest(text, count, List.of(), List.of(), List.of(), Map.of(), null, null,
                null, reading.novelty(), previous != null ? previous.excludedArtists() : List.of(),
                previous != null ? previous.excludedGenres() : List.of(),
                previous != null ? previous.excludedTracks() : List.of(), era != null && era.isWholeYears() ? era : null);
        return new Built(request, eraNote(era));
    }

    /** The current request changed by a refinement, against the list last shown. */
    public Built refine(String text, Reading reading, MusicRequest current, List<ShownTrack> shown) {
        if (current == null) {
            return fresh(text, reading, null);
        }
        Reading.Entities named = reading.entities();
        Reading.Refinement change = reading.refinement();

        Map<String, FeatureRange> targets = new HashMap<>(current.targets());
        change.adjust().forEach((feature, delta) -> adjust(targets, feature, delta, shown));

        List<String> excludedArtists = union(current.excludedArtists(), change.excludeArtists());
        List<String> excludedGenres = union(current.excludedGenres(), change.excludeGenres());
        List<String> genres = union(current.genres(), named.genres()).stream()
                .filter(g -> !containsIgnoringCase(excludedGenres, g)).toList();
        List<String> seedArtists = union(current.seedArtists(), named.artists()).stream()
                .filter(a -> !containsIgnoringCase(excludedArtists, a)).toList();

        List<String> seedTracks = current.seedTracks();
        ShownTrack seed = trackAt(shown, change.seedPosition());
        if (seed != null) {
            seedTracks = List.of(seed.trackId());
        }
        String mood = named.moods().isEmpty() ? current.mood() : named.moods().get(0);
        String activity = named.activities().isEmpty() ? current.activity() : named.activities().get(0);
        String timeOfDay = named.timeOfDay() != null ? named.timeOfDay() : current.timeOfDay();

        // a new era replaces the old one ("only the 80s" after "only the 90s"); one that is not whole years cannot
        Reading.Era era = named.era() != null && named.era().isWholeYears() ? named.era() : current.era();
        MusicRequest refined = new MusicRequest(current.prompt(), countOf(reading.count(), current.count()), genres,
                seedArtists, seedTracks, targets, mood, activity, timeOfDay,
                reading.novelty() != null ? reading.novelty() : current.novelty(), excludedArtists, excludedGenres,
                current.excludedTracks(), era);
        List<String> notApplied = new ArrayList<>(eraNote(named.era()));
        if (change.seedPosition() != null && seed == null) {
            notApplied.add("there is no track at that position in the list I showed");
        }
        return new Built(refined, notApplied);
    }

    /** The request with one more track the user does not want to hear again in this conversation. */
    public MusicRequest withoutTrack(MusicRequest request, String trackId) {
        if (request == null) {
            return null;
        }
        return new MusicRequest(request.prompt(), request.count(), request.genres(), request.seedArtists(),
                request.seedTracks(), request.targets(), request.mood(), request.activity(), request.timeOfDay(),
                request.novelty(), request.excludedArtists(), request.excludedGenres(),
                union(request.excludedTracks(), List.of(trackId)), request.era());
    }

    /**
     * The tracks the recommender is asked to leave out: those turned down in this conversation, and, when the
     * message asks for more ("10 more like the third one"), every track shown in it so far, newest first, at most
     * {@code max-excluded-tracks} in all. Tracks shown before stay possible otherwise: "make it calmer" may keep
     * the ones that still fit.
     */
    public List<String> tracksToLeaveOut(MusicRequest request, Reading reading, ConversationState state) {
        LinkedHashSet<String> ids = new LinkedHashSet<>(request.excludedTracks());
        if (reading.refinement().asksForMore()) {
            List<String> shown = state.shownTrackIds();
            for (int i = shown.size() - 1; i >= 0; i--) {
                ids.add(shown.get(i));
            }
        }
        return ids.stream().limit(config.maxExcludedTracks()).toList();
    }

    /**
     * A sentence for a list shorter than asked: the request's bounds are kept rather than filled with tracks
     * outside them, so the reply says what left it short. Empty when the list is full.
     */
    public List<String> shortfallNote(MusicRequest request, int shown) {
        if (shown >= request.count()) {
            return List.of();
        }
        List<String> bounds = new ArrayList<>();
        if (request.era() != null) {
            bounds.add("released " + request.era().years());
        }
        if (!request.excludedArtists().isEmpty()) {
            bounds.add("not by " + String.join(" or ", request.excludedArtists()));
        }
        String why = bounds.isEmpty() ? "" : " (" + String.join(", ", bounds) + ")";
        return List.of(shown == 0
                ? "no track in the catalog fits everything asked so far" + why
                : "only " + shown + " tracks in the catalog fit everything asked so far" + why
                        + ", so the list is shorter than " + request.count());
    }

    /** The track at a 1-based position of the shown list ({@code -1} is the last), or null. */
    public static ShownTrack trackAt(List<ShownTrack> shown, Integer position) {
        if (position == null || shown.isEmpty()) {
            return null;
        }
        int index = position < 0 ? shown.size() + position : position - 1;
        return index >= 0 && index < shown.size() ? shown.get(index) : null;
    }

    /** The mean of one feature over the shown tracks that have it. */
    public static OptionalDouble mean(List<ShownTrack> shown, String feature) {
        return shown.stream().map(t -> t.features().get(feature)).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).average();
    }

    private static void adjust(Map<String, FeatureRange> targets, String feature, double delta, List<ShownTrack> shown) {
        FeatureRange existing = targets.get(feature);
        OptionalDouble shownMean = mean(shown, feature);
        if (shownMean.isEmpty()) {
            // nothing shown to move away from: move the aim only
            double base = existing != null && existing.target() != null ? existing.target() : 0.5;
            targets.put(feature, new FeatureRange(existing != null ? existing.min() : null,
                    existing != null ? existing.max() : null, clamp(feature, base + delta)));
            return;
        }
        double mean = shownMean.getAsDouble();
        double aim = clamp(feature, mean + delta);
        double bound = clamp(feature, mean + delta * BOUND_SHARE);
        Double min = existing != null ? existing.min() : null;
        Double max = existing != null ? existing.max() : null;
        if (delta < 0) {
            max = max == null ? bound : Math.min(max, bound);
            if (min != null && min >= max) {
                min = null;
            }
        } else {
            min = min == null ? bound : Math.max(min, bound);
            if (max != null && max <= min) {
                max = null;
            }
        }
        targets.put(feature, new FeatureRange(round(min), round(max), round(aim)));
    }

    private static double clamp(String feature, double value) {
        if (RATIO_FEATURES.contains(feature)) {
            return Math.max(0, Math.min(1, value));
        }
        if ("loudness".equals(feature)) {
            return Math.max(-60, Math.min(0, value));
        }
        return Math.max(0, value);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 1000) / 1000.0;
    }

    private int countOf(Integer asked, int otherwise) {
        return asked == null ? otherwise : Math.max(1, Math.min(100, asked));
    }

    /** What a message's era that is not whole years ("last summer") means for a list: nothing, said plainly. */
    private static List<String> eraNote(Reading.Era era) {
        return era == null || era.isWholeYears() ? List.of()
                : List.of("I can only narrow a list by release year, so \""
                        + (era.text() != null ? era.text() : era.from() + " to " + era.to()) + "\" was not applied");
    }

    private static List<String> union(List<String> first, List<String> second) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        for (List<String> list : List.of(first, second)) {
            for (String value : list) {
                if (seen.add(value.strip().toLowerCase(Locale.ROOT))) {
                    all.add(value.strip());
                }
            }
        }
        return all;
    }

    private static boolean containsIgnoringCase(List<String> values, String value) {
        return value != null && values.stream().anyMatch(v -> v.equalsIgnoreCase(value.strip()));
    }
}
