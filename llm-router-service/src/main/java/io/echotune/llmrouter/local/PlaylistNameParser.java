package io.echotune.llmrouter.local;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the name a message gives a playlist ("save that as Rainy Folk", "a playlist called Morning Run with 25
 * songs", "new playlist: sunday chill, acoustic and calm"), keeping the user's own spelling and case.
 */
public final class PlaylistNameParser {

    /** The name found and where it sits in the message, so its words are not read as genres or moods too. */
    public record Found(String name, int start, int end) {
    }

    private static final String INTRO = "(?:called|named|titled|call it|call this|name it|name this(?: playlist| list)?"
            + "|save (?:that|this|it|these|them|the list|this list|the playlist|this playlist)? ?as"
            + "|keep (?:these|this|them|it) as(?: a playlist called)?|new playlist:|new playlist named)";
    private static final Pattern QUOTED = Pattern.compile("(?i)\\b" + INTRO + "\\s*[\"“']([^\"”']{1,80})[\"”']");
    private static final Pattern PLAIN = Pattern.compile("(?i)\\b" + INTRO
            + "\\s+(.{1,80}?)\\s*(?=$|[,.!?;:]|\\s+(?:with|and|for|please|plz|pls|thanks|containing|using|from)\\b)");

    public Optional<Found> parse(String text) {
        Matcher quoted = QUOTED.matcher(text);
        if (quoted.find()) {
            return found(quoted);
        }
        Matcher plain = PLAIN.matcher(text);
        if (plain.find()) {
            return found(plain);
        }
        return Optional.empty();
    }

    private static Optional<Found> found(Matcher m) {
        String name = m.group(1).strip();
        if (name.isEmpty() || name.matches("(?i)(a )?(new )?playlist|it|this|that")) {
            return Optional.empty();
        }
        return Optional.of(new Found(name, m.start(1), m.start(1) + m.group(1).length()));
    }
}
