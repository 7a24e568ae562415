package io.echotune.chat.rest;

import io.echotune.chat.ChatMessage;
import io.echotune.chat.ChatSession;
import io.echotune.chat.service.ChatSessionService;
import io.echotune.commons.identity.CallerIdentity;
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

import java.util.List;
import java.util.UUID;

@Path("/api/v1/chat/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChatSessionResource {

    private final ChatSessionService chats;
    private final CallerIdentity caller;

    public ChatSessionResource(ChatSessionService chats, CallerIdentity caller) {
        this.chats = chats;
        this.caller = caller;
    }

    /** Both fields are optional: the title defaults, and no provider lets the router choose. */
    public record CreateSessionRequest(String title, String provider) {
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

    @DELETE
    @Path("/{sessionId}")
    public Uni<Void> delete(@PathParam("sessionId") UUID sessionId) {
        return chats.delete(caller.userId(), sessionId);
    }
}
