package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a session remembers between turns, kept in PostgreSQL so any replica can continue it: the current request
 * (null before the first recommendation), the list last shown and the recommender's id for it (feedback names it),
 * and the ids of every track shown in the conversation so far, oldest first and bounded
 * ({@code echotune.chat.remembered-shown-tracks}): what "10 more" must not show again.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConversationState(MusicRequest request, List<ShownTrack> shown, String requestId,
                                List<String> shownTrackIds) {

    public static final ConversationState EMPTY = new ConversationState(null, List.of(), null, List.of());

    public ConversationState {
        shown = shown == null ? List.of() : List.copyOf(shown);
        shownTrackIds = shownTrackIds == null ? List.of() : List.copyOf(shownTrackIds);
    }

    /** The same conversation with another request (a track turned down), the list shown unchanged. */
    public ConversationState withRequest(MusicRequest changed) {
        return new ConversationState(changed, shown, requestId, shownTrackIds);
    }

    /**
     * The conversation after a new list was shown: it becomes the list shown, and its ids are remembered after the
     * earlier ones (a track shown again moves to the end), the oldest forgotten beyond {@code remembered}.
     */
    public ConversationState afterShowing(MusicRequest changed, List<ShownTrack> list, String listId, int remembered) {
        LinkedHashSet<String> ids = new LinkedHashSet<>(shownTrackIds);
        list.forEach(t -> {
            ids.remove(t.trackId());
            ids.add(t.trackId());
        });
        List<String> kept = new ArrayList<>(ids);
        return new ConversationState(changed, list, listId,
                kept.subList(Math.max(0, kept.size() - remembered), kept.size()));
    }
}
