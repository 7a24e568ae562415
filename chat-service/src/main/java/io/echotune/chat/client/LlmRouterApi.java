package io.echotune.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.chat.Reading;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * The LLM router's interpret and compose endpoints (quarkus.rest-client.llm-router.url). {@link #DEADLINE_HEADER}
 * is how long the caller waits for the answer, in ms (the router's own deadline applies when it is shorter).
 */
@RegisterRestClient(configKey = "llm-router")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface LlmRouterApi {

    String DEADLINE_HEADER = "X-Echotune-Deadline-Ms";

    @RegisterForReflection
    record Turn(String role, String text) {
    }

    @RegisterForReflection
    record InterpretBody(String text, List<Turn> context, String provider) {
    }

    @RegisterForReflection
    record ComposeBody(JsonNode facts, String intent, String provider) {
    }

    @POST
    @Path("/api/v1/llm/interpret")
    Uni<Reading> interpret(@HeaderParam("Authorization") String bearer, @HeaderParam(DEADLINE_HEADER) long deadlineMs,
                           InterpretBody body);

    @POST
    @Path("/api/v1/llm/compose")
    Uni<ComposedReply> compose(@HeaderParam("Authorization") String bearer, @HeaderParam(DEADLINE_HEADER) long deadlineMs,
                               ComposeBody body);
}
