package io.echotune.chat.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a reply written by a remote model names only what the facts hold: every number, every quoted title
 * and every name introduced by "by", "from" or "like" must appear in the facts. The router already rejects invented
 * numbers; names are the chat's own check, since only the chat knows which tracks it is introducing.
 */
final class ReplyGrounding {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");
    /** Double quotes only: apostrophes ("I'll", "don't") would pair up into spans that are no titles. */
    private static final Pattern QUOTED = Pattern.compile("[\"“”]([^\"“”]{2,80})[\"“”]");
    /** A capitalised run after a cue word; small joining words count only between capitalised words. */
    private static final Pattern NAMED = Pattern.compile("\\b(?:by|from|like|featuring|feat\\.)\\s+"
            + "([A-Z0-9][\\w'&.-]*(?:\\s+(?:(?:of|the|and|de|la|&)\\s+)?[A-Z0-9][\\w'&.-]*)*)");
    private static final Pattern AND = Pattern.compile("\\s+and\\s+");

    private ReplyGrounding() {
    }

    /** What in the reply is not in the facts; empty when the reply is grounded. */
    static List<String> ungrounded(String reply, String factsJson) {
        String facts = factsJson.toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        Matcher numbers = NUMBER.matcher(reply);
        while (numbers.find()) {
            if (!facts.contains(numbers.group())) {
                problems.add("number " + numbers.group());
            }
        }
        Matcher quoted = QUOTED.matcher(reply);
        while (quoted.find()) {
            if (!facts.contains(quoted.group(1).strip().toLowerCase(Locale.ROOT))) {
                problems.add("title " + quoted.group(1));
            }
        }
        Matcher named = NAMED.matcher(reply);
        while (named.find()) {
            // "by Bon Iver and Nick Drake" names two artists; a name that holds "and" still matches piece by piece
            for (String name : AND.split(named.group(1).replaceAll("[.,!?]+$", "").strip())) {
                if (!facts.contains(name.toLowerCase(Locale.ROOT))) {
                    problems.add("name " + name);
                }
            }
        }
        return problems;
    }
}
