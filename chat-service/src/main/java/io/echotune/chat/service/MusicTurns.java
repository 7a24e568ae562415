package io.echotune.chat.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echotune.chat.Caller;
import io.echotune.chat.ConversationState;
import io.echotune.chat.MusicRequest;
import io.echotune.chat.Reading;
import io.echotune.chat.SavedPlaylist;
import io.echotune.chat.ShownTrack;
import io.echotune.chat.config.ChatConfig;
import io.echotune.commons.music.TrackRefs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The turns about music: recommend, refine, create_playlist, feedback and playback. Each returns what happened
 * and the facts for the reply; a service that is down leaves the state as it was and says so in the facts.
 */
@ApplicationScoped
public class MusicTurns {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RecommendationService recommendations;
    private final PlaylistService playlists;
    private final MusicRequests requests;
    private final ChatConfig config;

    public MusicTurns(RecommendationService recommendations, PlaylistService playlists, MusicRequests requests,
                      ChatConfig config) {
        this.recommendations = recommendations;
        this.playlists = playlists;
        this.requests = requests;
        this.config = config;
    }

    public Uni<TurnResult> recommend(Caller caller, String text, Reading reading, ConversationState state) {
        return show("recommend", caller, requests.fresh(text, reading, state.request()), reading, state);
    }

    public Uni<TurnResult> refine(Caller caller, String text, Reading reading, ConversationState state) {
        if (state.request() == null) {
            return recommend(caller, text, reading, state);
        }
        return show("refine", caller, requests.refine(text, reading, state.request(), state.shown()), reading, state);
    }

    /**
     * Saves the list last shown under the name asked for; when the message asks for new music ("a 30-song workout
     * playlist") or nothing was shown yet, recommends first and saves exactly those tracks.
     */
    public Uni<TurnResult> createPlaylist(Caller caller, String text, Reading reading, ConversationState state) {
        boolean freshList = reading.count() != null || reading.entities().namesMusic() || state.shown().isEmpty();
        Uni<TurnResult> listed = freshList
                ? show("create_playlist", caller, requests.fresh(text, reading, state.request()), reading, state)
                : Uni.createFrom().item(TurnResult.of("create_playlist", JSON.objectNode(), state));
        return listed.chain(result -> {
            if (result.degraded()) {
                return Uni.createFrom().item(result);
            }
            List<ShownTrack> toSave = result.state().shown();
            if (toSave.isEmpty()) {
                return Uni.createFrom().item(failed(result, "there are no tracks to save yet"));
            }
            String name = reading.playlistName() != null ? reading.playlistName() : nameFor(reading);
            return playlists.create(caller.bearer(), name, text, toSave.stream().map(ShownTrack::trackId).toList())
                    .map(saved -> saved.ok() ? saved(result, saved.value()) : failed(result, saved.unavailable()
                            + ", so the playlist was not saved"));
        });
    }

    public Uni<TurnResult> feedback(Caller caller, String text, Reading reading, ConversationState state) {
        FeedbackReading.Target target = FeedbackReading.target(text, reading, state.shown());
        if (target == null) {
            return Uni.createFrom().item(new TurnResult("feedback", error("there is no list yet to give feedback on"),
                    null, null, null, state, false, List.of()));
        }
        return recommendations.feedback(caller.bearer(), target.track().trackId(), target.signal(), state.requestId())
                .map(sent -> {
                    if (!sent.ok()) {
                        return new TurnResult("feedback", error(sent.unavailable() + ", so your feedback was not recorded"),
                                null, null, null, state, true, List.of());
                    }
                    ObjectNode facts = JSON.objectNode();
                    facts.putObject("feedback").put("signal", target.signal())
                            .put("track", target.track().name()).put("position", target.position());
                    // a track the user turned down stays out of this conversation's lists, whatever the model learns
                    ConversationState next = "like".equals(target.signal()) ? state
                            : state.withRequest(requests.withoutTrack(state.request(), target.track().trackId()));
                    return TurnResult.of("feedback", facts, next);
                });
    }

    /**
     * Playback cannot be controlled from here: say so, and link the shown tracks to open in Spotify. The wording is
     * the chat's own, not composed: the router's offline templates answer a playback fact with "Okay: ...", which
     * would read as if something had been started.
     */
    public TurnResult playback(ConversationState state) {
        ObjectNode facts = JSON.objectNode().put("playback", "unsupported");
        ArrayNode links = facts.putArray("links");
        StringBuilder reply = new StringBuilder("I can't start or control playback from here: that needs a Spotify "
                + "account connected with Premium.");
        state.shown().stream().limit(config.playbackLinks()).forEach(t -> {
            String url = TrackRefs.openUrl(t.trackId(), t.artists() == null || t.artists().isEmpty() ? null
                    : t.artists().get(0), t.name());
            links.addObject().put("name", t.name()).put("url", url);
            reply.append(" Open \"").append(t.name()).append("\" in Spotify: ").append(url).append('.');
        });
        if (state.shown().isEmpty()) {
            reply.append(" Ask me for some music and I'll give you links to open it in Spotify.");
        }
        return new TurnResult("playback", facts, null, null, null, state, false, List.of(), reply.toString());
    }

    /**
     * Asks the recommender for the request, leaving out what the conversation turned down (and, for "10 more",
     * everything shown so far), and shows exactly its answer: the recommender keeps every bound of the request, so a
     * shorter list is said to be short rather than filled.
     */
    private Uni<TurnResult> show(String intent, Caller caller, MusicRequests.Built built, Reading reading,
                                 ConversationState state) {
        MusicRequest request = built.request();
        List<String> leaveOut = requests.tracksToLeaveOut(request, reading, state);
        return recommendations.recommend(caller.bearer(), request, leaveOut).map(answer -> {
            if (!answer.ok()) {
                return new TurnResult(intent, error(answer.unavailable() + ", so I couldn't find tracks"), null, null,
                        null, state, true, built.notApplied());
            }
            List<ShownTrack> tracks = answer.value().tracks();
            ObjectNode facts = JSON.objectNode();
            ArrayNode named = facts.putArray("tracks");
            tracks.forEach(t -> {
                ObjectNode track = named.addObject().put("name", t.name());
                ArrayNode artists = track.putArray("artists");
                t.artists().forEach(artists::add);
            });
            facts.put("trackCount", tracks.size());
            List<String> notes = new ArrayList<>(built.notApplied());
            notes.addAll(requests.shortfallNote(request, tracks.size()));
            return new TurnResult(intent, facts, tracks, null, null, state.afterShowing(request, tracks,
                    answer.value().requestId(), config.rememberedShownTracks()), false, notes);
        });
    }

    private static TurnResult saved(TurnResult listed, SavedPlaylist playlist) {
        ObjectNode facts = JSON.objectNode();
        facts.putObject("playlist").put("name", playlist.name()).put("trackCount", playlist.trackCount());
        return new TurnResult("create_playlist", facts, listed.tracks(), playlist, null, listed.state(), false,
                listed.notes());
    }

    private static TurnResult failed(TurnResult listed, String reason) {
        return new TurnResult("create_playlist", error(reason), listed.tracks(), null, null, listed.state(), true,
                listed.notes());
    }

    /** A name from what the message asked for ("Workout mix"), or none so the playlist service names it. */
    private static String nameFor(Reading reading) {
        List<String> words = new ArrayList<>();
        words.addAll(reading.entities().moods());
        words.addAll(reading.entities().genres());
        words.addAll(reading.entities().activities());
        if (words.isEmpty()) {
            return null;
        }
        String joined = String.join(" ", words) + " mix";
        return joined.substring(0, 1).toUpperCase(Locale.ROOT) + joined.substring(1);
    }

    private static ObjectNode error(String reason) {
        return JSON.objectNode().put("error", reason);
    }
}
