package io.echotune.chat.service;

import io.echotune.chat.Reading;
import io.echotune.chat.ShownTrack;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which shown track a feedback message is about and whether it is liked. The router reads the intent; the signal
 * and the track come from the message against the list last shown: a position ("the third one", "#3", "the last
 * one"), a title or artist of a shown track, and otherwise the first track of the list ("this one").
 */
final class FeedbackReading {

    record Target(ShownTrack track, int position, String signal) {
    }

    private static final Pattern DISLIKE = Pattern.compile(
            "\\b(not for me|not my thing|don'?t like|do not like|dislike|hate|not a fan|no thanks|meh|boring|awful|terrible|bad)\\b");
    private static final Pattern SKIP = Pattern.compile("\\bskip\\b");
    private static final Map<String, Integer> ORDINALS = Map.ofEntries(Map.entry("first", 1), Map.entry("second", 2),
            Map.entry("third", 3), Map.entry("fourth", 4), Map.entry("fifth", 5), Map.entry("sixth", 6),
            Map.entry("seventh", 7), Map.entry("eighth", 8), Map.entry("ninth", 9), Map.entry("tenth", 10),
            Map.entry("last", -1));
    private static final Pattern ORDINAL = Pattern.compile("\\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\\b");
    private static final Pattern NUMBERED = Pattern.compile("(?:#|number |no\\. ?|track |song )(\\d{1,3})\\b");

    private FeedbackReading() {
    }

    static String signal(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (DISLIKE.matcher(lower).find()) {
            return "dislike";
        }
        return SKIP.matcher(lower).find() ? "skip" : "like";
    }

    /** The track the message is about, or null when nothing is shown. */
    static Target target(String text, Reading reading, List<ShownTrack> shown) {
        if (shown.isEmpty()) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        Integer position = reading.refinement().seedPosition();
        Matcher ordinal = ORDINAL.matcher(lower);
        Matcher numbered = NUMBERED.matcher(lower);
        if (position == null && ordinal.find()) {
            position = ORDINALS.get(ordinal.group(1));
        } else if (position == null && numbered.find()) {
            position = Integer.parseInt(numbered.group(1));
        }
        ShownTrack byPosition = MusicRequests.trackAt(shown, position);
        if (byPosition != null) {
            return new Target(byPosition, shown.indexOf(byPosition) + 1, signal(text));
        }
        for (int i = 0; i < shown.size(); i++) {
            ShownTrack track = shown.get(i);
            boolean named = track.name() != null && lower.contains(track.name().toLowerCase(Locale.ROOT))
                    || reading.entities().tracks().stream().anyMatch(t -> t.equalsIgnoreCase(track.name()))
                    || reading.entities().artists().stream().anyMatch(a -> track.artists().stream().anyMatch(a::equalsIgnoreCase));
            if (named) {
                return new Target(track, i + 1, signal(text));
            }
        }
        return new Target(shown.get(0), 1, signal(text));
    }
}
