package io.echotune.playlist.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;

/**
 * The gateway's internal endpoints. The Spotify token endpoint (configured as quarkus.rest-client.gateway.url): the caller's
 * Spotify access token, decrypted and refreshed when expired, for the user its internal token names. 404 when the
 * user has no Spotify connection. The delegation endpoints: a delegation for a schedule (with the owner's internal
 * token) and its exchange for a short-lived internal token (with this service's key). Not routed publicly.
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

    @RegisterForReflection
    record DelegationRequest(String purpose, String resource) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Delegation(String delegation, Instant expiresAt) {
    }

    @RegisterForReflection
    record ExchangeRequest(String delegation) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Exchanged(String token) {
    }

    /** A delegation for background work, for the user of the live request whose internal token is presented. */
    @POST
    @Path("/internal/v1/delegations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Delegation> delegate(@HeaderParam("Authorization") String bearer, DelegationRequest request);

    /** A short-lived internal token for a delegation's user; {@code serviceKey} is "Service <key>". */
    @POST
    @Path("/internal/v1/delegations/exchange")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Exchanged> exchange(@HeaderParam("Authorization") String serviceKey, ExchangeRequest request);
}
