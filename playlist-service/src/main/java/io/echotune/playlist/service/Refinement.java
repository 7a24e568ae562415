package io.echotune.playlist.service;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a refinement prompt says about the playlist's shape, beyond what the recommender reads from it (mood, genre,
 * "no vocals"): a new length ("30 songs instead") and positions to swap regardless of fit ("swap the last five",
 * "replace the first 3"). Everything else in the prompt goes to the recommender.
 */
record Refinement(OptionalInt newLength, Swap swap) {

    /** Positions to replace: the first or last {@code count} tracks. */
    record Swap(boolean fromEnd, int count) {
    }

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("fifteen", 15), Map.entry("twenty", 20), Map.entry("thirty", 30), Map.entry("forty", 40),
            Map.entry("fifty", 50));
    private static final String NUMBER = "(\\d{1,9}|" + String.join("|", NUMBER_WORDS.keySet()) + ")";
    private static final Pattern LENGTH = Pattern.compile("\\b" + NUMBER + "\\s+(?:songs|tracks)\\b");
    private static final Pattern SWAP = Pattern.compile(
            "\\b(?:swap|replace|change)\\s+(?:out\\s+)?the\\s+(last|first)\\s+" + NUMBER + "?");

    static Refinement read(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT);
        Swap swap = null;
        Matcher s = SWAP.matcher(text);
        if (s.find()) {
            swap = new Swap("last".equals(s.group(1)), s.group(2) == null ? 1 : number(s.group(2)));
        }
        OptionalInt length = OptionalInt.empty();
        Matcher l = LENGTH.matcher(text);
        // "swap the last five songs" names positions, not a new length
        if (l.find() && (swap == null || l.start() > s.end() || l.end() < s.start())) {
            length = OptionalInt.of(number(l.group(1)));
        }
        return new Refinement(length, swap);
    }

    private static int number(String token) {
        Integer word = NUMBER_WORDS.get(token);
        return word != null ? word : Integer.parseInt(token);
    }
}
