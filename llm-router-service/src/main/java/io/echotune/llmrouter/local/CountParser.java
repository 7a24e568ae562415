package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Interpretation;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads how many tracks (or top items) a message asks for: "20 songs", "a dozen tracks", "top 5", "make it 10". */
public final class CountParser {

    private static final Map<String, Integer> WORDS = Map.ofEntries(Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("fifteen", 15), Map.entry("twenty", 20),
            Map.entry("thirty", 30), Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("hundred", 100),
            Map.entry("a dozen", 12), Map.entry("dozen", 12), Map.entry("a couple of", 2), Map.entry("a couple", 2));
    private static final String NUMBER = "(\\d{1,3}|a dozen|dozen|a couple of|a couple|one|two|three|four|five|six|seven"
            + "|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)";
    private static final Pattern[] PATTERNS = {
            Pattern.compile("\\b" + NUMBER + " (?:[a-z&'-]+ ){0,2}"
                    + "(?:songs?|tracks?|tunes?|titles?|pieces?|bangers?|hits?|ones|records?|jams?)\\b"),
            Pattern.compile("\\b(\\d{1,3})[ -]?(?:song|track)\\b"),
            Pattern.compile("\\btop " + NUMBER + "\\b"),
            Pattern.compile("\\b(?:give me|add|show me|play|another) " + NUMBER + " more\\b"),
            // "10 more like the third one": a number of more tracks, not of minutes or times
            Pattern.compile("\\b" + NUMBER + " more\\b(?! (?:minutes?|hours?|seconds?|days?|times?|weeks?)\\b)"),
            Pattern.compile("\\b(?:make it|change it to|make that|only|just) " + NUMBER + "\\b(?! ?(?:s|'s|bpm|min|minutes|hours)\\b)"),
    };

    public Optional<Integer> parse(String norm) {
        for (Pattern pattern : PATTERNS) {
            Matcher m = pattern.matcher(norm);
            if (m.find()) {
                int count = value(m.group(1));
                if (count >= Interpretation.MIN_COUNT && count <= Interpretation.MAX_COUNT) {
                    return Optional.of(count);
                }
            }
        }
        return Optional.empty();
    }

    private static int value(String number) {
        Integer word = WORDS.get(number);
        return word != null ? word : Integer.parseInt(number);
    }
}
