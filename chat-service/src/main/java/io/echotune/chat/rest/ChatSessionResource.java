package io.echotune.chat.rest;

import io.echotune.chat.ChatMessage;
import io.echotune.chat.ChatSession;
import io.echotune.chat.service.ChatSessionService;
import io.echotune.chat.service.ChatTurnService;
import io.echotune.chat.service.TurnEvents;
import io.echotune.commons.identity.CallerIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;
import java.util.UUID;

@Path("/api/v1/chat/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChatSessionResource {

    private final ChatSessionService chats;
    private final ChatTurnService turns;
    private final CallerIdentity caller;
    private final CallerToken token;

    public ChatSessionResource(ChatSessionService chats, ChatTurnService turns, CallerIdentity caller,
                               CallerToken token) {
        this.chats = chats;
        this.turns = turns;
        this.caller = caller;
        this.token = token;
    }

    /** Both fields are optional: the title defaults, and no provider lets the router choose. */
    public record CreateSessionRequest(String title, String provider) {
    }

    /** One chat message. */
    public record PostMessageRequest(String text) {
    }

    @POST
    public Uni<Response> create(CreateSessionRequest request, @Context UriInfo uri) {
        CreateSessionRequest body = request != null ? request : new CreateSessionRequest(null, null);
        return chats.create(caller.userId(), body.title(), body.provider())
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.sessionId().toString()).build())
                        .entity(created).build());
    }

    @GET
    public Uni<List<ChatSession>> list() {
        return chats.list(caller.userId());
    }

    @GET
    @Path("/{sessionId}")
    public Uni<ChatSession> get(@PathParam("sessionId") UUID sessionId) {
        return chats.get(caller.userId(), sessionId);
    }

    @GET
    @Path("/{sessionId}/messages")
    public Uni<List<ChatMessage>> messages(@PathParam("sessionId") UUID sessionId) {
        return chats.conversation(caller.userId(), sessionId);
    }

    /** The answer to one message, once it is stored. */
    @POST
    @Path("/{sessionId}/messages")
    public Uni<ChatMessage> post(@PathParam("sessionId") UUID sessionId, PostMessageRequest request) {
        return turns.post(token.caller(), sessionId, request != null ? request.text() : null, TurnEvents.NONE);
    }

    /**
     * The same answer as named server-sent events while the turn runs. The turn is not tied to the connection: a
     * client that goes away mid-stream still gets its answer stored.
     */
    @POST
    @Path("/{sessionId}/messages")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<OutboundSseEvent> stream(@PathParam("sessionId") UUID sessionId, PostMessageRequest request,
                                          @Context Sse sse) {
        var who = token.caller();
        String text = request != null ? request.text() : null;
        return Multi.createFrom().emitter(emitter -> {
            TurnEventStream events = new TurnEventStream(sse, emitter);
            turns.post(who, sessionId, text, events).subscribe().with(done -> emitter.complete(), emitter::fail);
        });
    }

    @DELETE
    @Path("/{sessionId}")
    public Uni<Void> delete(@PathParam("sessionId") UUID sessionId) {
        return chats.delete(caller.userId(), sessionId);
    }
}
