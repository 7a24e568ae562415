package io.echotune.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** ingestion-service's internal endpoint for the plays of a Spotify sync (built by {@link SyncedPlaysClient}). */
@Path("/internal/v1/history/spotify-recent")
interface SyncedPlaysApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SyncedPlaysClient.Stored> store(@HeaderParam("Authorization") String bearer, SyncedPlaysClient.Plays plays);
}
