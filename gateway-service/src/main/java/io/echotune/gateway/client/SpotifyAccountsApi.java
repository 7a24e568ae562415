package io.echotune.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Spotify's accounts service: https://accounts.spotify.com (configured as quarkus.rest-client.spotify-accounts.url). */
@RegisterRestClient(configKey = "spotify-accounts")
interface SpotifyAccountsApi {

    @POST
    @Path("/api/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SpotifyTokens> token(@HeaderParam("Authorization") String basicAuthorization, MultivaluedMap<String, String> form);
}
