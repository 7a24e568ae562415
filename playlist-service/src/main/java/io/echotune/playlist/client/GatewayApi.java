package io.echotune.playlist.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;

/**
 * The gateway's internal Spotify token endpoint (configured as quarkus.rest-client.gateway.url): the caller's
 * Spotify access token, decrypted and refreshed when expired, for the user its internal token names. 404 when the
 * user has no Spotify connection. Not routed publicly.
 */
@RegisterRestClient(configKey = "gateway")
interface GatewayApi {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SpotifyAccess(String accessToken, Instant expiresAt) {
    }

    @GET
    @Path("/internal/v1/spotify/access-token")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SpotifyAccess> spotifyAccessToken(@HeaderParam("Authorization") String bearer);
}
