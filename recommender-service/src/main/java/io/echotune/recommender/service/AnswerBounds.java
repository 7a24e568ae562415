package io.echotune.recommender.service;

import io.echotune.recommender.AppliedBounds;
import io.echotune.recommender.InterpretationSummary;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.Shortfall;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.ContextTable;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.Ranker;
import io.echotune.recommender.ranking.RankingQuery;
import io.echotune.recommender.ranking.RequestBounds;
import io.echotune.recommender.ranking.RequestBounds.Relaxation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says in the answer which bounds the ranking kept (docs/recommender.md, "The request is a contract"): the feature
 * ranges and genres every track fits ({@code interpretation.bounds}), what was relaxed because too few tracks fit
 * ({@code interpretation.relaxed}), and, for a short answer, the {@code shortfall} naming every bound.
 */
final class AnswerBounds {

    private AnswerBounds() {
    }

    /**
     * The feature ranges (explicit ones exactly, the moods' widened by the tolerance used while they bound the answer)
     * and the genre bound, as far as the relaxation left them.
     */
    static AppliedBounds applied(CatalogIndex catalog, RankingQuery query, Ranker.Answer answer) {
        boolean moods = !query.contextBounds().isEmpty() && !answer.relaxedTo(Relaxation.MOODS_DROPPED);
        Map<String, AppliedBounds.FeatureRange> features = new LinkedHashMap<>();
        for (int d = 0; d < FeatureSpace.DIMENSIONS; d++) {   // feature order, as the targets are reported
            ContextTable.Range explicit = query.hardRanges().get(d);
            ContextTable.Range mood = moods ? query.contextBounds().get(d) : null;
            ContextTable.Range range = explicit != null ? explicit
                    : mood != null ? RequestBounds.widened(d, mood, answer.featureTolerance()) : null;
            if (range != null) {
                features.put(FeatureSpace.NAMES.get(d), new AppliedBounds.FeatureRange(round(range.min()), round(range.max())));
            }
        }
        List<String> genres = answer.relaxedTo(Relaxation.GENRES_DROPPED) ? List.of() : boundGenres(catalog, query);
        List<String> artists = genres.isEmpty() ? List.of() : query.seedArtists().stream()
                .filter(a -> a.catalogArtist() >= 0).map(RankingQuery.SeedArtist::name).toList();
        return new AppliedBounds(features, moods ? answer.featureTolerance() : null, genres, artists);
    }

    /** The catalog genres a track must carry one of, by name. */
    static List<String> boundGenres(CatalogIndex catalog, RankingQuery query) {
        return java.util.Arrays.stream(query.genreBound()).mapToObj(catalog::genreName).sorted().toList();
    }

    /** What was loosened because too few tracks fit, step by step; empty when nothing was. */
    static List<String> relaxed(RankingQuery query, InterpretationSummary summary, Ranker.Answer answer) {
        List<String> steps = new ArrayList<>();
        int[] fitting = answer.fitting();
        boolean moods = !query.contextBounds().isEmpty();
        String context = askedContext(summary);
        if (moods && answer.relaxedTo(Relaxation.WIDENED)) {
            steps.add("The feature ranges of " + context + " were widened from " + number(RequestBounds.TOLERANCE)
                    + " to " + number(RequestBounds.WIDENED_TOLERANCE) + " of each feature's scale: only "
                    + fitting[Relaxation.NONE.ordinal()] + " tracks fit them within " + number(RequestBounds.TOLERANCE)
                    + ", not the " + query.count() + " asked for.");
        }
        if (moods && answer.relaxedTo(Relaxation.MOODS_DROPPED)) {
            steps.add("The feature ranges of " + context + " then stopped bounding the answer (tracks are still ordered "
                    + "by how well they fit them): only " + fitting[Relaxation.WIDENED.ordinal()] + " tracks fit them within "
                    + number(RequestBounds.WIDENED_TOLERANCE) + ".");
        }
        if (query.genreBound().length > 0 && answer.relaxedTo(Relaxation.GENRES_DROPPED)) {
            steps.add("The genres asked for (" + String.join(", ", summary.genres()) + ") then stopped bounding the "
                    + "answer (tracks carrying them still come first): only " + fitting[Relaxation.MOODS_DROPPED.ordinal()]
                    + " tracks carry them, their subgenres or close neighbours.");
        }
        return steps;
    }

    /**
     * What kept the answer short, in words: the request's bounds (release years, feature ranges, genres,
     * exclusions). The tracks outside them are never used to fill the answer; saying so lets a caller relax a bound.
     */
    static Shortfall shortfall(RankingQuery query, InterpretationSummary summary, int returned) {
        List<String> bounds = new ArrayList<>();
        RankingQuery.YearRange years = query.releaseYears();
        if (years != null) {
            bounds.add(years.from() <= RequestValidator.MIN_YEAR ? "released in or before " + years.to()
                    : years.to() >= RequestValidator.MAX_YEAR ? "released in or after " + years.from()
                    : "released " + years + " (tracks without a known release year are left out)");
        }
        AppliedBounds applied = summary.bounds();
        if (applied != null) {
            List<String> ranges = new ArrayList<>();
            applied.features().forEach((feature, range) -> ranges.add(feature + " between " + number(range.min())
                    + " and " + number(range.max())));
            if (!ranges.isEmpty()) {
                bounds.add(String.join(", ", ranges) + (applied.featureTolerance() == null ? ""
                        : " (" + askedContext(summary) + " within " + number(applied.featureTolerance())
                        + " of each feature's scale; tracks without a known value are left out)"));
            }
            if (!applied.genres().isEmpty()) {
                bounds.add("tagged " + String.join(" or ", summary.genres()) + " or a close genre"
                        + (applied.artists().isEmpty() ? "" : ", or by " + String.join(" or ", applied.artists())));
            }
        }
        if (!summary.excludedArtists().isEmpty()) {
            bounds.add("not by " + String.join(", ", summary.excludedArtists()));
        }
        if (!summary.excludedGenres().isEmpty()) {
            bounds.add("not tagged " + String.join(", ", summary.excludedGenres()));
        }
        if (query.excludeTracks().length > 0) {
            bounds.add(query.excludeTracks().length + " tracks left out by the request");
        }
        if (query.excludePlayedSince() != Long.MIN_VALUE) {
            bounds.add("not played recently");
        }
        if (query.novelty() == Novelty.DISCOVER) {
            bounds.add("nothing you have played");
        }
        if (!query.allowExplicit()) {
            bounds.add("no explicit tracks");
        }
        String detail = "Only " + returned + " tracks in the catalog fit this request, not the " + query.count()
                + " asked for" + (bounds.isEmpty() ? "." : ": " + String.join("; ", bounds) + ".")
                + (summary.relaxed() == null || summary.relaxed().isEmpty() ? "" : " " + String.join(" ", summary.relaxed()));
        return new Shortfall(query.count(), returned, detail);
    }

    /** "calm", "calm and workout", or "the prompt" (a remote reading's targets without a named mood). */
    private static String askedContext(InterpretationSummary summary) {
        List<String> names = new ArrayList<>(summary.moods());
        names.addAll(summary.activities());
        return names.isEmpty() ? "the prompt" : String.join(" and ", names);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(Math.round(value * 1000) / 1000.0);
    }
}
