package io.echotune.recommender.client;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The LLM router's interpret endpoint (configured as quarkus.rest-client.llm-router.url). */
@RegisterRestClient(configKey = "llm-router")
interface LlmRouterApi {

    /** The request body: the text, and the provider to use ({@code local} = the offline interpreter). */
    @RegisterForReflection
    record InterpretBody(String text, String provider) {
    }

    @POST
    @Path("/api/v1/llm/interpret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RouterReading> interpret(@HeaderParam("Authorization") String bearer, InterpretBody body);
}
