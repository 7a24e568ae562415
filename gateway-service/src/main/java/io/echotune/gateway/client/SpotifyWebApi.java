package io.echotune.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Spotify Web API: https://api.spotify.com (configured as quarkus.rest-client.spotify-api.url). */
@RegisterRestClient(configKey = "spotify-api")
interface SpotifyWebApi {

    @GET
    @Path("/v1/me")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SpotifyProfile> me(@HeaderParam("Authorization") String bearer);
}
