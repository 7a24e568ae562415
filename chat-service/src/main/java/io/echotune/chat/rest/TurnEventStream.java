package io.echotune.chat.rest;

import io.echotune.chat.ChatMessage;
import io.echotune.chat.InsightAnswer;
import io.echotune.chat.Reading;
import io.echotune.chat.SavedPlaylist;
import io.echotune.chat.ShownTrack;
import io.echotune.chat.service.TurnEvents;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.List;
import java.util.Map;

/** A turn's progress as the named SSE events of API.md "Chat"; events after the client left are dropped. */
final class TurnEventStream implements TurnEvents {

    private final Sse sse;
    private final MultiEmitter<? super OutboundSseEvent> emitter;

    TurnEventStream(Sse sse, MultiEmitter<? super OutboundSseEvent> emitter) {
        this.sse = sse;
        this.emitter = emitter;
    }

    @Override
    public void interpretation(Reading reading) {
        send("interpretation", reading);
    }

    @Override
    public void tracks(List<ShownTrack> tracks) {
        send("tracks", tracks);
    }

    @Override
    public void playlist(SavedPlaylist playlist) {
        send("playlist", playlist);
    }

    @Override
    public void insight(InsightAnswer insight) {
        send("insight", insight);
    }

    @Override
    public void delta(String piece) {
        send("delta", Map.of("text", piece));
    }

    @Override
    public void message(ChatMessage message) {
        send("message", message);
    }

    private void send(String name, Object data) {
        if (!emitter.isCancelled()) {
            emitter.emit(sse.newEventBuilder().name(name).data(data).build());
        }
    }
}
