package io.echotune.llmrouter.ai;

import io.echotune.llmrouter.local.Lexicon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The versioned prompt templates in {@code prompts/<operation>.<version>.txt}. A change of wording is a new version
 * file, so that every recorded call says which prompt produced it.
 */
public final class PromptTemplates {

    public static final String INTERPRET_VERSION = "interpret.v2";
    public static final String COMPOSE_VERSION = "compose.v1";

    private final String interpret;
    private final String compose;
    private final Map<String, String> vocabulary;

    public PromptTemplates(Lexicon lexicon) {
        this.interpret = read(INTERPRET_VERSION);
        this.compose = read(COMPOSE_VERSION);
        this.vocabulary = Map.of(
                "moods", names(lexicon, Lexicon.Kind.MOOD),
                "activities", names(lexicon, Lexicon.Kind.ACTIVITY),
                "timesOfDay", names(lexicon, Lexicon.Kind.TIME_OF_DAY));
    }

    public String interpretSystem(LocalDate today) {
        String text = interpret.replace("{{today}}", today.toString());
        for (Map.Entry<String, String> e : vocabulary.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return text;
    }

    public String composeSystem(String intent, String factsJson) {
        return compose.replace("{{intent}}", intent).replace("{{facts}}", factsJson);
    }

    private static String names(Lexicon lexicon, Lexicon.Kind kind) {
        return lexicon.terms(kind).stream().map(Lexicon.Term::name).sorted()
                .map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    }

    private static String read(String version) {
        String resource = "prompts/" + version + ".txt";
        try (InputStream in = PromptTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
