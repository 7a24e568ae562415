package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The LLM router's reading of one chat message ({@code POST /api/v1/llm/interpret}, llm-router-service/README.md),
 * as this service keeps it: intent, entities, count, feature targets, novelty, playlist name, refinement, and how it
 * was obtained (provider, model, latency, prompt version, fallback attempts, tokens).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reading(String intent, Entities entities, Integer count, Map<String, FeatureRange> targets,
                      String novelty, String playlistName, Refinement refinement, String providerUsed, String model,
                      long latencyMs, String promptVersion, int fallbackAttempts, Tokens tokens) {

    public Reading {
        entities = entities == null ? Entities.NONE : entities;
        targets = targets == null ? Map.of() : targets;
        refinement = refinement == null ? Refinement.NONE : refinement;
        tokens = tokens == null ? Tokens.NONE : tokens;
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entities(List<String> artists, List<String> tracks, List<String> genres, List<String> moods,
                           List<String> activities, Era era, String timeOfDay) {

        static final Entities NONE = new Entities(null, null, null, null, null, null, null);

        public Entities {
            artists = artists == null ? List.of() : artists;
            tracks = tracks == null ? List.of() : tracks;
            genres = genres == null ? List.of() : genres;
            moods = moods == null ? List.of() : moods;
            activities = activities == null ? List.of() : activities;
        }

        /** Whether the message names anything to look for (not just a refinement or a playlist name). */
        public boolean namesMusic() {
            return !artists.isEmpty() || !tracks.isEmpty() || !genres.isEmpty() || !moods.isEmpty()
                    || !activities.isEmpty() || timeOfDay != null;
        }
    }

    /** A span of time, inclusive dates; {@code text} is the phrase it was read from. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Era(String text, LocalDate from, LocalDate to) {

        /**
         * Whether the era is whole calendar years ("90s", "1994", "between 2015 and 2018"): only those are release
         * years. A season or a month ("last summer") is about when something was played.
         */
        @JsonIgnore
        public boolean isWholeYears() {
            return from != null && to != null && from.getDayOfYear() == 1 && to.getMonthValue() == 12
                    && to.getDayOfMonth() == 31 && !to.isBefore(from);
        }

        /** "1990-1999", or "1994" for one year. */
        @JsonIgnore
        public String years() {
            return from.getYear() == to.getYear() ? String.valueOf(from.getYear()) : from.getYear() + "-" + to.getYear();
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Refinement(Map<String, Double> adjust, List<String> excludeArtists, List<String> excludeGenres,
                             Integer seedPosition, Boolean excludeShown) {

        static final Refinement NONE = new Refinement(null, null, null, null, null);

        public Refinement {
            adjust = adjust == null ? Map.of() : adjust;
            excludeArtists = excludeArtists == null ? List.of() : excludeArtists;
            excludeGenres = excludeGenres == null ? List.of() : excludeGenres;
        }

        /** Whether the message asks for tracks beyond those shown ("10 more", "more like the third one"). */
        public boolean asksForMore() {
            return Boolean.TRUE.equals(excludeShown);
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tokens(int input, int output) {
        public static final Tokens NONE = new Tokens(0, 0);

        public Tokens plus(Tokens other) {
            return other == null ? this : new Tokens(input + other.input, output + other.output);
        }
    }
}
