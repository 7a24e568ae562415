package io.echotune.recommender.service;

import io.echotune.commons.music.TrackRefs;
import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.Problem;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.RecommendationQuestion;
import io.echotune.recommender.config.RecommenderConfig;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.ContextTable;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.PlayedTracks;
import io.echotune.recommender.ranking.RankingQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a recommendation request field by field and answers every problem at once (a 400 naming each field), or
 * returns the request in clean form. Names are trimmed; genres are lower-case like the catalog's tags.
 */
final class RequestValidator {

    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;
    /** The release years an {@code era} may name: before the first recordings there is nothing to find. */
    static final int MIN_YEAR = 1800;
    static final int MAX_YEAR = 2100;
    private static final int MAX_NAME_LENGTH = 200;

    /**
     * A request that passed validation; null fields were not given. {@code era} has both sides (an open side is
     * {@link #MIN_YEAR} or {@link #MAX_YEAR}); the exclusions are lists, empty when not given.
     */
    record Valid(String prompt, Integer count, List<String> genres, List<String> seedArtists, List<String> seedTracks,
                 Map<Integer, RecommendationQuestion.Target> targets, String activity, String mood, String timeOfDay,
                 Novelty novelty, Integer excludePlayedWithinDays, RankingQuery.YearRange era,
                 List<String> excludeTrackIds, List<String> excludeArtists, List<String> excludeGenres) {

        /**
         * The request with a seed track the catalog does not hold (one of the listener's own, maybe known by name
         * only) seeding by its artist instead: "more like the third one" then means more of what its artist sounds
         * like, the closest the facts allow, rather than nothing.
         */
        Valid seedingByArtistOutside(CatalogIndex catalog, PlayedTracks played) {
            List<String> artists = new ArrayList<>(seedArtists);
            for (String ref : seedTracks) {
                int i = catalog.track(ref) >= 0 ? -1 : played.indexOf(TrackRefs.trackKey(ref));
                if (i >= 0 && !played.artistNames(i).isEmpty() && !artists.contains(played.artistNames(i).getFirst())) {
                    artists.add(played.artistNames(i).getFirst());
                }
            }
            return artists.size() == seedArtists.size() ? this : new Valid(prompt, count, genres, List.copyOf(artists),
                    seedTracks, targets, activity, mood, timeOfDay, novelty, excludePlayedWithinDays, era,
                    excludeTrackIds, excludeArtists, excludeGenres);
        }
    }

    private RequestValidator() {
    }

    static Valid validate(RecommendationQuestion r, RecommenderConfig.Limits limits) {
        List<Problem.FieldError> errors = new ArrayList<>();
        unknownFields("", r.unknownFields(), "this request", RecommendationQuestion.FIELDS, errors);
        String prompt = r.prompt() == null || r.prompt().isBlank() ? null : r.prompt().strip();
        if (prompt != null && prompt.length() > limits.maxPromptLength()) {
            errors.add(new Problem.FieldError("prompt", "is longer than " + limits.maxPromptLength() + " characters"));
        }
        if (r.count() != null && (r.count() < 1 || r.count() > MAX_COUNT)) {
            errors.add(new Problem.FieldError("count", "must be between 1 and " + MAX_COUNT + ", was " + r.count()));
        }
        Novelty novelty = null;
        if (r.novelty() != null) {
            novelty = Novelty.fromWireName(r.novelty()).orElse(null);
            if (novelty == null) {
                errors.add(new Problem.FieldError("novelty", "'" + abbreviate(r.novelty())
                        + "' is not one of familiar, balanced, discover"));
            }
        }
        List<String> genres = names("genres", r.genres(), limits.maxGenres(), errors).stream()
                .map(g -> g.toLowerCase(Locale.ROOT)).distinct().toList();
        List<String> seedArtists = names("seedArtists", r.seedArtists(), limits.maxSeedArtists(), errors);
        List<String> seedTracks = trackIds("seedTracks", r.seedTracks(), limits.maxSeedTracks(), errors);
        List<String> excludeTrackIds = trackIds("excludeTrackIds", r.excludeTrackIds(), limits.maxExcludeTracks(), errors);
        List<String> excludeArtists = names("excludeArtists", r.excludeArtists(), limits.maxExcludeArtists(), errors);
        List<String> excludeGenres = names("excludeGenres", r.excludeGenres(), limits.maxExcludeGenres(), errors).stream()
                .map(g -> g.toLowerCase(Locale.ROOT)).distinct().toList();
        RankingQuery.YearRange era = era(r.era(), errors);
        Map<Integer, RecommendationQuestion.Target> targets = targets(r.targets(), errors);
        String activity = null;
        String mood = null;
        String timeOfDay = null;
        if (r.context() != null) {
            unknownFields("context.", r.context().unknownFields(), "a context", RecommendationQuestion.Context.FIELDS, errors);
            activity = contextName("context.activity", r.context().activity(), ContextTable.activities(), errors);
            mood = contextName("context.mood", r.context().mood(), ContextTable.moods(), errors);
            timeOfDay = contextName("context.timeOfDay", r.context().timeOfDay(), ContextTable.timesOfDay(), errors);
        }
        Integer days = r.excludePlayedWithinDays();
        if (days != null && (days < 0 || days > limits.maxExcludePlayedWithinDays())) {
            errors.add(new Problem.FieldError("excludePlayedWithinDays", "must be between 0 and "
                    + limits.maxExcludePlayedWithinDays() + ", was " + days));
        }
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new ApiException(Problem.validation(detail, errors));
        }
        return new Valid(prompt, r.count(), genres, seedArtists, seedTracks, targets, activity, mood, timeOfDay, novelty,
                days == null || days == 0 ? null : days, era, excludeTrackIds, excludeArtists, excludeGenres);
    }

    /** Track refs (Spotify ids, bare or as URIs, or name keys: {@link TrackRefs}), each once, in the order given. */
    private static List<String> trackIds(String field, List<String> values, int max, List<Problem.FieldError> errors) {
        List<String> ids = new ArrayList<>();
        List<String> raw = values == null ? List.of() : values;
        if (raw.size() > max) {
            errors.add(new Problem.FieldError(field, "holds " + raw.size() + " tracks; at most " + max + " are accepted"));
            return ids;
        }
        for (int i = 0; i < raw.size(); i++) {
            String id = TrackRefs.parse(raw.get(i)).orElse(null);
            if (id == null) {
                errors.add(new Problem.FieldError(field + "[" + i + "]", "'" + abbreviate(String.valueOf(raw.get(i)))
                        + "' is not a Spotify track id, spotify:track: URI or name: key"));
            } else if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The release years asked for, both sides closed; null when no era was given. */
    private static RankingQuery.YearRange era(RecommendationQuestion.Era era, List<Problem.FieldError> errors) {
        if (era == null) {
            return null;
        }
        if (era.unknownFields() != null && !era.unknownFields().isEmpty()) {
            unknownFields("era.", era.unknownFields(), "an era", RecommendationQuestion.Era.FIELDS, errors);
            return null;
        }
        if (era.from() == null && era.to() == null) {
            errors.add(new Problem.FieldError("era", "needs at least one of from, to (release years)"));
            return null;
        }
        boolean ok = inRange("era.from", era.from() == null ? null : era.from().doubleValue(), MIN_YEAR, MAX_YEAR, errors)
                & inRange("era.to", era.to() == null ? null : era.to().doubleValue(), MIN_YEAR, MAX_YEAR, errors);
        if (ok && era.from() != null && era.to() != null && era.from() > era.to()) {
            errors.add(new Problem.FieldError("era", "from " + era.from() + " is after to " + era.to()));
            ok = false;
        }
        return ok ? new RankingQuery.YearRange(era.from() != null ? era.from() : MIN_YEAR,
                era.to() != null ? era.to() : MAX_YEAR) : null;
    }

    private static final int MAX_UNKNOWN_LISTED = 10;

    /** Fields the request names that this endpoint does not know (a misspelling would otherwise pass unnoticed). */
    private static void unknownFields(String prefix, List<String> unknown, String what, List<String> known,
                                      List<Problem.FieldError> errors) {
        if (unknown == null) {
            return;
        }
        int listed = 0;
        for (String name : unknown) {
            if (listed++ == MAX_UNKNOWN_LISTED) {
                errors.add(new Problem.FieldError(prefix + "…", (unknown.size() - MAX_UNKNOWN_LISTED) + " more unknown fields"));
                break;
            }
            errors.add(new Problem.FieldError(prefix + abbreviate(name), "is not a field of " + what + "; the fields are "
                    + String.join(", ", known)));
        }
    }

    private static List<String> names(String field, List<String> values, int max, List<Problem.FieldError> errors) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            errors.add(new Problem.FieldError(field, "holds " + values.size() + " names; at most " + max + " are accepted"));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isBlank()) {
                errors.add(new Problem.FieldError(field + "[" + i + "]", "must not be blank"));
            } else if (v.length() > MAX_NAME_LENGTH) {
                errors.add(new Problem.FieldError(field + "[" + i + "]", "is longer than " + MAX_NAME_LENGTH + " characters"));
            } else {
                out.add(v.strip());
            }
        }
        return List.copyOf(out);
    }

    private static Map<Integer, RecommendationQuestion.Target> targets(Map<String, RecommendationQuestion.Target> targets,
                                                                    List<Problem.FieldError> errors) {
        Map<Integer, RecommendationQuestion.Target> out = new LinkedHashMap<>();
        if (targets == null) {
            return out;
        }
        for (Map.Entry<String, RecommendationQuestion.Target> e : targets.entrySet()) {
            String field = "targets." + e.getKey();
            int d = FeatureSpace.index(e.getKey());
            if (d < 0) {
                errors.add(new Problem.FieldError(field, "'" + abbreviate(e.getKey()) + "' is not an audio feature; known: "
                        + String.join(", ", FeatureSpace.NAMES)));
                continue;
            }
            RecommendationQuestion.Target t = e.getValue();
            if (t != null && t.unknownFields() != null && !t.unknownFields().isEmpty()) {
                unknownFields(field + ".", t.unknownFields(), "a target", RecommendationQuestion.Target.FIELDS, errors);
                continue;
            }
            if (t == null || (t.min() == null && t.max() == null && t.target() == null)) {
                errors.add(new Problem.FieldError(field, "needs at least one of min, max, target"));
                continue;
            }
            double lo = FeatureSpace.rawMin(d);
            double hi = FeatureSpace.rawMax(d);
            boolean ok = inRange(field + ".min", t.min(), lo, hi, errors) & inRange(field + ".max", t.max(), lo, hi, errors)
                    & inRange(field + ".target", t.target(), lo, hi, errors);
            if (ok && t.min() != null && t.max() != null && t.min() > t.max()) {
                errors.add(new Problem.FieldError(field, "min " + t.min() + " is above max " + t.max()));
                ok = false;
            }
            if (ok && t.target() != null && ((t.min() != null && t.target() < t.min()) || (t.max() != null && t.target() > t.max()))) {
                errors.add(new Problem.FieldError(field + ".target", "must lie between min and max"));
                ok = false;
            }
            if (ok) {
                out.put(d, t);
            }
        }
        return out;
    }

    private static boolean inRange(String field, Double value, double lo, double hi, List<Problem.FieldError> errors) {
        if (value != null && (!Double.isFinite(value) || value < lo || value > hi)) {
            errors.add(new Problem.FieldError(field, "must be between " + format(lo) + " and " + format(hi) + ", was " + value));
            return false;
        }
        return true;
    }

    private static String contextName(String field, String value, java.util.Collection<String> known,
                                      List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String key = value.strip().toLowerCase(Locale.ROOT);
        if (!known.contains(key)) {
            errors.add(new Problem.FieldError(field, "'" + abbreviate(value) + "' is not one of " + String.join(", ", known)));
            return null;
        }
        return key;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
