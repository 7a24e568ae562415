package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What a session remembers between turns, kept in PostgreSQL so any replica can continue it: the current request
 * (null before the first recommendation), the list last shown and the recommender's id for it (feedback names it).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConversationState(MusicRequest request, List<ShownTrack> shown, String requestId) {

    public static final ConversationState EMPTY = new ConversationState(null, List.of(), null);

    public ConversationState {
        shown = shown == null ? List.of() : List.copyOf(shown);
    }
}
