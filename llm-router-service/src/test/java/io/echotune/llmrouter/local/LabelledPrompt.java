package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Turn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One line of a labelled prompt file (format in src/test/resources/interpret/README.md). */
record LabelledPrompt(int line, String intent, String text, Set<String> entities, Integer count, String playlistName,
                      List<Turn> context) {

    static List<LabelledPrompt> read(String resource) {
        List<LabelledPrompt> prompts = new ArrayList<>();
        try (InputStream in = LabelledPrompt.class.getClassLoader().getResourceAsStream(resource)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s*(?<!\\|)\\|(?!\\|)\\s*", -1);
                if (parts.length < 3) {
                    throw new IllegalStateException(resource + ":" + number + " is not `intent | text | annotations | context`");
                }
                String annotations = parts[2].trim();
                Set<String> entities = new LinkedHashSet<>();
                Integer count = null;
                String name = null;
                for (String annotation : annotations.split(";")) {
                    if (annotation.isBlank()) {
                        continue;
                    }
                    String[] kv = annotation.split("=", 2);
                    switch (kv[0].trim()) {
                        case "n" -> count = Integer.parseInt(kv[1].trim());
                        case "name" -> name = kv[1].trim();
                        default -> entities.add(key(kv[0].trim(), kv[1].trim()));
                    }
                }
                List<Turn> context = new ArrayList<>();
                if (parts.length > 3 && !parts[3].isBlank()) {
                    for (String turn : parts[3].split("\\s*\\|\\|\\s*")) {
                        String[] rt = turn.split(": ", 2);
                        context.add(new Turn(rt[0].trim(), rt[1].trim()));
                    }
                }
                prompts.add(new LabelledPrompt(number, parts[0].trim(), parts[1].trim(),
                        entities, count, name, context));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prompts;
    }

    /** The comparable form of one entity: its type and its normalised value. */
    static String key(String type, String value) {
        return type + ":" + (type.equals("era") || type.equals("x") ? value.toLowerCase() : Tokens.normalize(value));
    }
}
