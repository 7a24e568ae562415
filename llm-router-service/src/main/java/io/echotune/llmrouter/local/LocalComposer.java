package io.echotune.llmrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.llmrouter.Intent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes the chat reply offline from templates. Every word that is not template wording comes from the facts, so
 * nothing is invented; the template is picked by a hash of intent and facts, so the same input always gives the same
 * reply while different inputs get varied wording. Facts it reads (all optional; see the module README):
 * {@code tracks [{name, artists}]}, {@code playlist {name, trackCount, url}}, {@code insight {summary}} or
 * {@code figures {label: value}}, {@code feedback {signal, track}}, {@code playback {action}}, {@code error}.
 */
public final class LocalComposer {

    public static final String VERSION = "local/compose-templates.v1";
    private static final int TRACKS_NAMED = 3;

    private static final List<String> TRACKS = List.of(
            "Here are %d tracks for you, starting with %s.",
            "I found %d tracks. Kicking things off: %s.",
            "%d tracks coming up, led by %s.",
            "Here's a set of %d, beginning with %s.");
    private static final List<String> TRACKS_REFINED = List.of(
            "Adjusted: %d tracks now, starting with %s.",
            "Done, here's the reworked list of %d, opening with %s.",
            "Updated to %d tracks. First up: %s.");
    private static final List<String> NO_TRACKS = List.of(
            "I couldn't find tracks for that in the catalog. Try a broader genre or mood?",
            "Nothing in the catalog matched that yet. Maybe loosen one of the constraints?");
    private static final List<String> PLAYLIST = List.of(
            "Saved \"%s\" with %d tracks.",
            "Your playlist \"%s\" is ready: %d tracks.",
            "Done! \"%s\" now holds %d tracks.");
    private static final List<String> FEEDBACK_LIKE = List.of("Noted, more like that from now on.", "Great, I'll remember you liked that.");
    private static final List<String> FEEDBACK_DISLIKE = List.of("Got it, I'll steer away from that.", "Thanks for telling me, I'll play less like that.");
    private static final List<String> HELP = List.of(
            "I can recommend music (\"20 calm folk songs for the evening\"), refine a list (\"calmer\", \"no more Coldplay\"), "
                    + "save it as a playlist (\"save that as Rainy Folk\") and tell you about your listening (\"my top artists this year\").");
    private static final List<String> SMALLTALK = List.of(
            "Hi! Tell me a mood, an activity or an artist and I'll find music for it.",
            "Hey there! What would you like to listen to?",
            "Happy to help. What are you in the mood for?");
    private static final List<String> ERROR = List.of(
            "Sorry, that didn't work: %s. Want to try again?",
            "Something went wrong: %s. Let's try that once more?");

    public String compose(Intent intent, JsonNode facts) {
        int pick = pick(intent, facts);
        String error = text(facts.path("error"));
        if (error != null) {
            return String.format(ERROR.get(pick % ERROR.size()), trimEnd(error));
        }
        JsonNode playlist = facts.path("playlist");
        if (playlist.isObject() && text(playlist.path("name")) != null) {
            int count = playlist.path("trackCount").asInt(facts.path("tracks").size());
            String reply = String.format(PLAYLIST.get(pick % PLAYLIST.size()), text(playlist.path("name")), count);
            String url = text(playlist.path("url"));
            return url == null ? reply : reply + " Open it here: " + url;
        }
        if (facts.path("tracks").isArray()) {
            return tracks(intent, facts.path("tracks"), pick);
        }
        String summary = text(facts.path("insight").path("summary"));
        if (summary != null) {
            return summary;
        }
        if (facts.path("figures").isObject() && !facts.path("figures").isEmpty()) {
            List<String> parts = new ArrayList<>();
            facts.path("figures").properties().forEach(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
            return "Here's what I found. " + String.join("; ", parts) + ".";
        }
        String signal = text(facts.path("feedback").path("signal"));
        if (signal != null) {
            List<String> options = "dislike".equals(signal) || "skip".equals(signal) ? FEEDBACK_DISLIKE : FEEDBACK_LIKE;
            return options.get(pick % options.size());
        }
        String action = text(facts.path("playback").path("action"));
        if (action != null) {
            return "Okay: " + action + ".";
        }
        if (intent == Intent.HELP) {
            return HELP.get(0);
        }
        return SMALLTALK.get(pick % SMALLTALK.size());
    }

    private static String tracks(Intent intent, JsonNode tracks, int pick) {
        if (tracks.isEmpty()) {
            return NO_TRACKS.get(pick % NO_TRACKS.size());
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i < Math.min(TRACKS_NAMED, tracks.size()); i++) {
            String name = text(tracks.get(i).path("name"));
            if (name == null) {
                continue;
            }
            List<String> artists = new ArrayList<>();
            tracks.get(i).path("artists").forEach(a -> artists.add(a.isTextual() ? a.asText() : a.path("name").asText()));
            named.add(artists.isEmpty() ? "\"" + name + "\"" : "\"" + name + "\" by " + String.join(" & ", artists));
        }
        List<String> templates = intent == Intent.REFINE ? TRACKS_REFINED : TRACKS;
        String first = named.isEmpty() ? "the first one" : named.get(0);
        String reply = String.format(templates.get(pick % templates.size()), tracks.size(), first);
        if (named.size() > 1) {
            reply += " Also in there: " + String.join(" and ", named.subList(1, named.size())) + ".";
        }
        return reply;
    }

    private static int pick(Intent intent, JsonNode facts) {
        CRC32 crc = new CRC32();
        crc.update((intent + facts.toString()).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() & 0x7fffffff);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    private static String trimEnd(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
