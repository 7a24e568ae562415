package io.echotune.llmrouter.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.llmrouter.service.InterpretService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/llm/interpret")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InterpretResource {

    /** The provider the user prefers, set by the chat service from the user's preferences. */
    public static final String PROVIDER_HEADER = "X-Echotune-Llm-Provider";

    private final InterpretService service;
    private final PreferredProvider preferredProvider;
    private final CallerIdentity caller;

    public InterpretResource(InterpretService service, PreferredProvider preferredProvider, CallerIdentity caller) {
        this.service = service;
        this.preferredProvider = preferredProvider;
        this.caller = caller;
    }

    /** The structured reading of one chat message (API.md, "Language"). */
    @POST
    public Uni<InterpretResponse> interpret(InterpretRequest request, @HeaderParam(PROVIDER_HEADER) String preferred,
                                            @HeaderParam(CallerDeadline.HEADER) String deadline) {
        String provider = preferredProvider.choose(request == null ? null : request.provider(), preferred);
        return service.interpret(caller.userId(), request == null ? null : request.text(),
                        request == null ? null : request.context(), provider, CallerDeadline.parse(deadline))
                .map(InterpretResponse::of);
    }
}
