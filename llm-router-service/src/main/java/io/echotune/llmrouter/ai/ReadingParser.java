package io.echotune.llmrouter.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.llmrouter.Entities;
import io.echotune.llmrouter.Era;
import io.echotune.llmrouter.FeatureTarget;
import io.echotune.llmrouter.Intent;
import io.echotune.llmrouter.Interpretation;
import io.echotune.llmrouter.Novelty;
import io.echotune.llmrouter.Refinement;
import io.echotune.llmrouter.local.Lexicon;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a model's answer into a validated {@link Interpretation}, or says precisely what is wrong with it so that the
 * model can be asked once to repair it. Lenient only about packaging (code fences, text around the object), strict
 * about content: intent values, canonical mood/activity/time names, counts, feature ranges, dates.
 */
public final class ReadingParser {

    /** Features and the range their values must lie in. */
    private static final Map<String, double[]> FEATURES = Map.of(
            "energy", new double[] {0, 1}, "valence", new double[] {0, 1}, "danceability", new double[] {0, 1},
            "acousticness", new double[] {0, 1}, "instrumentalness", new double[] {0, 1},
            "speechiness", new double[] {0, 1}, "liveness", new double[] {0, 1}, "mode", new double[] {0, 1},
            "tempo", new double[] {30, 250}, "loudness", new double[] {-60, 5});

    private final ObjectMapper mapper = new ObjectMapper();
    private final Set<String> moods;
    private final Set<String> activities;
    private final Set<String> timesOfDay;

    public ReadingParser(Lexicon lexicon) {
        this.moods = names(lexicon, Lexicon.Kind.MOOD);
        this.activities = names(lexicon, Lexicon.Kind.ACTIVITY);
        this.timesOfDay = names(lexicon, Lexicon.Kind.TIME_OF_DAY);
    }

    public Interpretation parse(String answer, boolean hasContext) throws InvalidOutput {
        List<String> problems = new ArrayList<>();
        JsonNode root = json(answer, problems);
        if (root == null) {
            throw new InvalidOutput(problems);
        }
        Intent intent = Intent.fromId(root.path("intent").asText(null));
        if (intent == null) {
            problems.add("\"intent\" must be one of recommend, refine, create_playlist, insight, feedback, playback, help, smalltalk");
        } else if (intent == Intent.REFINE && !hasContext) {
            problems.add("\"intent\" cannot be \"refine\": there is no earlier request to refine");
        }
        JsonNode e = root.path("entities");
        Entities entities = new Entities(strings(e, "artists", problems), strings(e, "tracks", problems),
                strings(e, "genres", problems).stream().map(g -> g.toLowerCase().replace(' ', '-')).toList(),
                canonical(e, "moods", moods, problems), canonical(e, "activities", activities, problems),
                era(e.path("era"), problems), timeOfDay(e.path("timeOfDay"), problems));
        Integer count = null;
        JsonNode countNode = root.path("count");
        if (!countNode.isMissingNode() && !countNode.isNull()) {
            if (!countNode.canConvertToInt() || countNode.asInt() < Interpretation.MIN_COUNT
                    || countNode.asInt() > Interpretation.MAX_COUNT) {
                problems.add("\"count\" must be null or a whole number from 1 to 100");
            } else {
                count = countNode.asInt();
            }
        }
        Map<String, FeatureTarget> targets = targets(root.path("targets"), problems);
        Novelty novelty = null;
        JsonNode noveltyNode = root.path("novelty");
        if (!noveltyNode.isMissingNode() && !noveltyNode.isNull()) {
            novelty = Novelty.fromId(noveltyNode.asText());
            if (novelty == null) {
                problems.add("\"novelty\" must be null, \"familiar\", \"balanced\" or \"discover\"");
            }
        }
        String playlistName = text(root.path("playlistName"));
        Refinement refinement = refinement(root.path("refinement"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidOutput(problems);
        }
        return new Interpretation(intent, entities, count, targets, novelty, playlistName, refinement);
    }

    private JsonNode json(String answer, List<String> problems) {
        if (answer == null || answer.isBlank()) {
            problems.add("the answer was empty; it must be one JSON object");
            return null;
        }
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end < start) {
            problems.add("the answer must be one JSON object");
            return null;
        }
        try {
            JsonNode node = mapper.readTree(answer.substring(start, end + 1));
            if (!node.isObject()) {
                problems.add("the answer must be one JSON object");
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            problems.add("the answer is not valid JSON (" + e.getOriginalMessage() + ")");
            return null;
        }
    }

    private static List<String> strings(JsonNode parent, String field, List<String> problems) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("\"entities." + field + "\" must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                problems.add("\"entities." + field + "\" must contain strings only");
                return List.of();
            }
            if (!item.asText().isBlank() && !out.contains(item.asText().strip())) {
                out.add(item.asText().strip());
            }
        }
        return out;
    }

    private static List<String> canonical(JsonNode parent, String field, Set<String> allowed, List<String> problems) {
        List<String> values = strings(parent, field, problems).stream().map(String::toLowerCase).toList();
        for (String value : values) {
            if (!allowed.contains(value)) {
                problems.add("\"entities." + field + "\" may only use " + allowed.stream().sorted().collect(Collectors.joining(", "))
                        + " (not \"" + value + "\")");
                return List.of();
            }
        }
        return values;
    }

    private String timeOfDay(JsonNode node, List<String> problems) {
        String value = text(node);
        if (value != null && !timesOfDay.contains(value.toLowerCase())) {
            problems.add("\"entities.timeOfDay\" must be null or one of " + String.join(", ", timesOfDay));
            return null;
        }
        return value == null ? null : value.toLowerCase();
    }

    private static Era era(JsonNode node, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            LocalDate from = LocalDate.parse(node.path("from").asText());
            LocalDate to = LocalDate.parse(node.path("to").asText());
            if (to.isBefore(from)) {
                problems.add("\"entities.era.to\" must not be before \"from\"");
                return null;
            }
            return new Era(text(node.path("text")), from, to);
        } catch (DateTimeParseException e) {
            problems.add("\"entities.era\" must be null or {\"text\", \"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}");
            return null;
        }
    }

    private static Map<String, FeatureTarget> targets(JsonNode node, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        Map<String, FeatureTarget> targets = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            double[] range = FEATURES.get(e.getKey());
            if (range == null) {
                problems.add("\"targets\" may only name " + String.join(", ", FEATURES.keySet()) + " (not \"" + e.getKey() + "\")");
                continue;
            }
            Double min = number(e.getValue().path("min"));
            Double max = number(e.getValue().path("max"));
            Double target = number(e.getValue().path("target"));
            for (Double v : new Double[] {min, max, target}) {
                if (v != null && (v < range[0] || v > range[1])) {
                    problems.add("\"targets." + e.getKey() + "\" values must lie between " + range[0] + " and " + range[1]);
                    break;
                }
            }
            if (min != null && max != null && min > max) {
                problems.add("\"targets." + e.getKey() + ".min\" must not exceed \"max\"");
            }
            targets.put(e.getKey(), new FeatureTarget(min, max, target));
        }
        return targets;
    }

    private static Refinement refinement(JsonNode node, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        Map<String, Double> adjust = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.path("adjust").properties()) {
            if (!FEATURES.containsKey(e.getKey()) || !e.getValue().isNumber()) {
                problems.add("\"refinement.adjust\" maps a feature (" + String.join(", ", FEATURES.keySet()) + ") to a number");
                continue;
            }
            adjust.put(e.getKey(), e.getValue().asDouble());
        }
        Integer seed = null;
        JsonNode seedNode = node.path("seedPosition");
        if (!seedNode.isMissingNode() && !seedNode.isNull()) {
            if (!seedNode.canConvertToInt() || seedNode.asInt() == 0 || seedNode.asInt() < -1) {
                problems.add("\"refinement.seedPosition\" must be null, -1 or a position from 1");
            } else {
                seed = seedNode.asInt();
            }
        }
        JsonNode more = node.path("excludeShown");
        if (!more.isMissingNode() && !more.isNull() && !more.isBoolean()) {
            problems.add("\"refinement.excludeShown\" must be true, false or null");
        }
        return new Refinement(adjust, strings(node, "excludeArtists", problems), strings(node, "excludeGenres", problems), seed,
                more.isBoolean() && more.asBoolean());
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    private static Set<String> names(Lexicon lexicon, Lexicon.Kind kind) {
        return lexicon.terms(kind).stream().map(Lexicon.Term::name).collect(Collectors.toUnmodifiableSet());
    }
}
