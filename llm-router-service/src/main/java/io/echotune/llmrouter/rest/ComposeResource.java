package io.echotune.llmrouter.rest;

import io.echotune.llmrouter.service.ComposeService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/llm/compose")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ComposeResource {

    private final ComposeService service;
    private final PreferredProvider preferredProvider;

    public ComposeResource(ComposeService service, PreferredProvider preferredProvider) {
        this.service = service;
        this.preferredProvider = preferredProvider;
    }

    /** A short, friendly chat reply that says only what the facts say. */
    @POST
    public Uni<ComposeResponse> compose(ComposeRequest request,
                                        @HeaderParam(InterpretResource.PROVIDER_HEADER) String preferred,
                                        @HeaderParam(CallerDeadline.HEADER) String deadline) {
        String provider = preferredProvider.choose(request == null ? null : request.provider(), preferred);
        return service.compose(request == null ? null : request.facts(), request == null ? null : request.intent(), provider,
                        CallerDeadline.parse(deadline))
                .map(ComposeResponse::of);
    }
}
