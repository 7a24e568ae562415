package io.echotune.chat.service;

import io.echotune.chat.ChatMessage;
import io.echotune.chat.InsightAnswer;
import io.echotune.chat.Reading;
import io.echotune.chat.SavedPlaylist;
import io.echotune.chat.ShownTrack;

import java.util.List;

/**
 * Progress of a turn as it happens, for the streaming answer (API.md "Chat": interpretation; tracks, playlist or
 * insight; delta pieces of the reply in order; the stored message last). The JSON answer ignores them.
 */
public interface TurnEvents {

    TurnEvents NONE = new TurnEvents() {
    };

    default void interpretation(Reading reading) {
    }

    default void tracks(List<ShownTrack> tracks) {
    }

    default void playlist(SavedPlaylist playlist) {
    }

    default void insight(InsightAnswer insight) {
    }

    default void delta(String piece) {
    }

    default void message(ChatMessage message) {
    }
}
