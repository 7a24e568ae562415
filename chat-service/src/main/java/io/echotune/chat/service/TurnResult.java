package io.echotune.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echotune.chat.ConversationState;
import io.echotune.chat.InsightAnswer;
import io.echotune.chat.SavedPlaylist;
import io.echotune.chat.ShownTrack;

import java.util.List;

/**
 * What one turn did before its reply is written: the intent answered, the facts the reply may state, what the
 * message carries (tracks, playlist, insight; null when not part of this turn), the session's state after it,
 * whether a service it needed was unavailable, and sentences about what could not be applied, added to the reply.
 * {@code fixedReply}, when set, is the whole reply and nothing is composed (see {@link MusicTurns#playback}).
 */
record TurnResult(String intent, ObjectNode facts, List<ShownTrack> tracks, SavedPlaylist playlist,
                  InsightAnswer insight, ConversationState state, boolean degraded, List<String> notes,
                  String fixedReply) {

    TurnResult(String intent, ObjectNode facts, List<ShownTrack> tracks, SavedPlaylist playlist, InsightAnswer insight,
               ConversationState state, boolean degraded, List<String> notes) {
        this(intent, facts, tracks, playlist, insight, state, degraded, notes, null);
    }

    static TurnResult of(String intent, ObjectNode facts, ConversationState state) {
        return new TurnResult(intent, facts, null, null, null, state, false, List.of());
    }
}
