package io.echotune.recommender.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import io.echotune.recommender.ranking.RankingQuery;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The parts of the LLM router's {@code POST /api/v1/llm/interpret} answer the recommender reads (its InterpretResponse;
 * API.md "Language"). Our own type: the router owns its schema, we ignore what we do not use.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouterReading(String intent, Entities entities, Integer count, Map<String, Target> targets, String novelty,
                            Refinement refinement, String providerUsed, String model, Long latencyMs) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entities(List<String> artists, List<String> tracks, List<String> genres, List<String> moods,
                           List<String> activities, Era era, String timeOfDay) {

        public Entities {
            artists = artists == null ? List.of() : artists;
            tracks = tracks == null ? List.of() : tracks;
            genres = genres == null ? List.of() : genres;
            moods = moods == null ? List.of() : moods;
            activities = activities == null ? List.of() : activities;
        }
    }

    /** A span of time the message names, inclusive dates ("90s" is 1990-01-01 to 1999-12-31). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Era(String text, LocalDate from, LocalDate to) {

        /**
         * The release years this era names, or null: only a span of whole calendar years ("90s", "1994", "between
         * 2015 and 2018") is a release era; a season or a month ("last summer") is about when something was played.
         */
        public RankingQuery.YearRange releaseYears() {
            if (from == null || to == null || from.getDayOfYear() != 1 || to.getMonthValue() != 12
                    || to.getDayOfMonth() != 31 || to.isBefore(from)) {
                return null;
            }
            return new RankingQuery.YearRange(from.getYear(), to.getYear());
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Target(Double min, Double max, Double target) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Refinement(Map<String, Double> adjust, List<String> excludeArtists, List<String> excludeGenres) {

        public Refinement {
            adjust = adjust == null ? Map.of() : adjust;
            excludeArtists = excludeArtists == null ? List.of() : excludeArtists;
            excludeGenres = excludeGenres == null ? List.of() : excludeGenres;
        }
    }

    public Entities entitiesOrNone() {
        return entities != null ? entities : new Entities(null, null, null, null, null, null, null);
    }
}
