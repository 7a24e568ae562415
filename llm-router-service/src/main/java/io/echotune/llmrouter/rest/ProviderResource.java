package io.echotune.llmrouter.rest;

import io.echotune.llmrouter.ProviderStatus;
import io.echotune.llmrouter.service.ProviderStatusService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/api/v1/llm/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {

    private final ProviderStatusService providers;

    public ProviderResource(ProviderStatusService providers) {
        this.providers = providers;
    }

    /** The providers in routing order with live circuit states and last latencies, the offline interpreter last. */
    @GET
    public Uni<List<ProviderStatus>> list() {
        return Uni.createFrom().item(providers::statuses);
    }
}
