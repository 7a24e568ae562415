package io.echotune.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

/** The insights service's read endpoints (quarkus.rest-client.insights.url); answers are kept as returned. */
@RegisterRestClient(configKey = "insights")
@Produces(MediaType.APPLICATION_JSON)
interface InsightsApi {

    /** {@code endpoint} is one of summary, top-artists, top-tracks, top-genres, heatmap, discovery. */
    @GET
    @Path("/api/v1/insights/{endpoint}")
    Uni<JsonNode> read(@HeaderParam("Authorization") String bearer, @PathParam("endpoint") String endpoint,
                       @RestQuery Map<String, String> query);
}
