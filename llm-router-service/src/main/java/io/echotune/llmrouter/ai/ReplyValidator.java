package io.echotune.llmrouter.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a model's reply before the user sees it: plain text, short, and with no number that is not in the facts
 * (the cheapest reliable sign of an invented figure, count or year).
 */
public final class ReplyValidator {

    public static final int MAX_LENGTH = 600;
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");

    public String validate(String reply, String factsJson) throws InvalidOutput {
        List<String> problems = new ArrayList<>();
        String text = reply == null ? "" : reply.strip();
        if (text.isEmpty()) {
            problems.add("the reply was empty");
        }
        if (text.length() > MAX_LENGTH) {
            problems.add("the reply must be at most " + MAX_LENGTH + " characters");
        }
        if (text.startsWith("{") || text.startsWith("```")) {
            problems.add("the reply must be plain text, not JSON or code");
        }
        Matcher numbers = NUMBER.matcher(text);
        while (numbers.find()) {
            if (numbers.group().length() > 1 && !factsJson.contains(numbers.group())) {
                problems.add("the number " + numbers.group() + " is not in the facts; use only numbers from the facts");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidOutput(problems);
        }
        return text;
    }
}
