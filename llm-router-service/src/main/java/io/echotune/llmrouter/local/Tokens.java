package io.echotune.llmrouter.local;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message split into words, each kept as typed ({@code surface}, for capitalisation and quotes) and normalised
 * ({@code norm}: lower case, accents and inner dots removed). Catalog names go through {@link #normalize} too, so
 * "Beyoncé", "beyonce" and "BEYONCE" meet, as do "hip-hop" and "hip hop".
 */
public final class Tokens {

    /** Words are runs of letters and digits, plus the marks that live inside names: AC/DC, R&B, Florence + The Machine. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}&+/'’.]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** One word of the message. {@code quoted} is true inside "..." or “...”. */
    public record Token(String surface, String norm, int start, int end, boolean quoted) {

        public boolean capitalised() {
            return !surface.isEmpty() && (Character.isUpperCase(surface.charAt(0)) || Character.isDigit(surface.charAt(0)));
        }
    }

    private Tokens() {
    }

    public static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        boolean[] quoted = quotedChars(text);
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            String surface = trimMarks(matcher.group());
            if (surface.isEmpty()) {
                continue;
            }
            int start = matcher.start() + matcher.group().indexOf(surface);
            String norm = normalizeWord(surface);
            if (!norm.isEmpty()) {
                tokens.add(new Token(surface, norm, start, start + surface.length(), quoted[start]));
            }
        }
        return tokens;
    }

    /** A phrase as the gazetteers key it: normalised words joined by single spaces. */
    public static String normalize(String phrase) {
        StringBuilder out = new StringBuilder();
        for (Token token : tokenize(phrase)) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(token.norm());
        }
        return out.toString();
    }

    static String normalizeWord(String word) {
        String plain = MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD)).replaceAll("");
        plain = plain.toLowerCase(Locale.ROOT).replace('’', '\'');
        // "dr." and "dr" are the same word; a dot inside a word ("a.c.") is spelling, not punctuation.
        plain = plain.replace(".", "");
        if (plain.startsWith("'")) {
            plain = plain.substring(1); // '90s
        }
        return plain;
    }

    private static String trimMarks(String word) {
        int start = 0;
        int end = word.length();
        while (start < end && "'’.+/".indexOf(word.charAt(start)) >= 0 && !startsDecade(word, start)) {
            start++;
        }
        while (end > start && "'’./".indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        return word.substring(start, end);
    }

    private static boolean startsDecade(String word, int at) {
        return (word.charAt(at) == '\'' || word.charAt(at) == '’') && at + 1 < word.length()
                && Character.isDigit(word.charAt(at + 1));
    }

    private static boolean[] quotedChars(String text) {
        boolean[] quoted = new boolean[text.length() + 1];
        boolean inside = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '“' || c == '”') {
                inside = c == '“' || (c == '"' && !inside);
                if (c == '”') {
                    inside = false;
                }
                continue;
            }
            quoted[i] = inside;
        }
        return quoted;
    }
}
