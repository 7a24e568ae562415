package io.echotune.llmrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.llmrouter.FeatureTarget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The curated vocabulary of the offline interpreter ({@code interpret/lexicon.json}, documented in the module
 * README): words for moods, activities and times of day with the audio-feature targets each implies, genre synonyms,
 * a small list of genres that exist whatever the catalog holds, and catalog genre tags that are really moods or
 * activities ("chill", "sleep") and therefore never read as genres.
 */
public final class Lexicon {

    public static final String RESOURCE = "interpret/lexicon.json";

    /** What a lexicon phrase names. */
    public enum Kind { MOOD, ACTIVITY, TIME_OF_DAY, GENRE }

    /** A canonical name ("calm") of some kind with the feature ranges it implies (empty for genres). */
    public record Term(Kind kind, String name, Map<String, FeatureTarget> targets) {
    }

    private final String version;
    private final Map<String, List<Term>> phrases;
    private final Set<String> curatedGenres;
    private final Set<String> ambiguousGenreTags;
    private final Map<String, Term> terms;

    private Lexicon(String version, Map<String, List<Term>> phrases, Set<String> curatedGenres, Set<String> ambiguousGenreTags,
                    Map<String, Term> terms) {
        this.version = version;
        this.phrases = Map.copyOf(phrases);
        this.curatedGenres = Set.copyOf(curatedGenres);
        this.ambiguousGenreTags = Set.copyOf(ambiguousGenreTags);
        this.terms = Map.copyOf(terms);
    }

    public static Lexicon loadDefault() {
        try (InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    static Lexicon parse(JsonNode root) {
        Map<String, List<Term>> phrases = new HashMap<>();
        Map<String, Term> terms = new HashMap<>();
        readTerms(root.path("moods"), Kind.MOOD, phrases, terms);
        readTerms(root.path("activities"), Kind.ACTIVITY, phrases, terms);
        readTerms(root.path("timesOfDay"), Kind.TIME_OF_DAY, phrases, terms);
        Set<String> curated = new LinkedHashSet<>();
        root.path("curatedGenres").forEach(g -> curated.add(g.asText()));
        for (String genre : curated) {
            phrases.putIfAbsent(Tokens.normalize(genre), List.of(new Term(Kind.GENRE, genre, Map.of())));
        }
        root.path("genreSynonyms").properties().forEach(e -> {
            curated.add(e.getKey());
            Term genre = new Term(Kind.GENRE, e.getKey(), Map.of());
            phrases.putIfAbsent(Tokens.normalize(e.getKey()), List.of(genre));
            e.getValue().forEach(s -> phrases.put(Tokens.normalize(s.asText()), List.of(genre)));
        });
        Set<String> ambiguous = new LinkedHashSet<>();
        root.path("ambiguousGenreTags").forEach(g -> ambiguous.add(g.asText()));
        return new Lexicon(root.path("version").asText(), phrases, curated, ambiguous, terms);
    }

    private static void readTerms(JsonNode section, Kind kind, Map<String, List<Term>> phrases, Map<String, Term> terms) {
        section.properties().forEach(e -> {
            Map<String, FeatureTarget> targets = new LinkedHashMap<>();
            e.getValue().path("targets").properties().forEach(t -> {
                JsonNode range = t.getValue();
                targets.put(t.getKey(), new FeatureTarget(range.get(0).asDouble(), range.get(1).asDouble(),
                        range.get(2).asDouble()));
            });
            Term term = new Term(kind, e.getKey(), targets);
            terms.put(kind + ":" + e.getKey(), term);
            add(phrases, Tokens.normalize(e.getKey()), term);
            e.getValue().path("words").forEach(w -> add(phrases, Tokens.normalize(w.asText()), term));
        });
    }

    /** A phrase may name terms of several kinds ("start the day" is uplifting and morning). */
    private static void add(Map<String, List<Term>> phrases, String phrase, Term term) {
        List<Term> named = new ArrayList<>(phrases.getOrDefault(phrase, List.of()));
        if (!named.contains(term)) {
            named.add(term);
        }
        phrases.put(phrase, List.copyOf(named));
    }

    public String version() {
        return version;
    }

    /** Normalised phrase to what it names. */
    public Map<String, List<Term>> phrases() {
        return phrases;
    }

    public Set<String> curatedGenres() {
        return curatedGenres;
    }

    /** Whether a catalog genre tag must not be read as a genre, because people use the word as a mood or activity. */
    public boolean isAmbiguousGenreTag(String tag) {
        return ambiguousGenreTags.contains(tag);
    }

    /** Every single word any lexicon phrase uses: these never count as evidence of a name on their own. */
    public Set<String> vocabulary() {
        Set<String> words = new LinkedHashSet<>();
        for (String phrase : phrases.keySet()) {
            words.addAll(List.of(phrase.split(" ")));
        }
        return words;
    }

    /** All terms of one kind. */
    public List<Term> terms(Kind kind) {
        List<Term> out = new ArrayList<>();
        for (Term term : terms.values()) {
            if (term.kind() == kind) {
                out.add(term);
            }
        }
        return out;
    }
}
