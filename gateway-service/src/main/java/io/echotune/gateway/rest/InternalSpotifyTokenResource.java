package io.echotune.gateway.rest;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.service.InternalTokenVerifier;
import io.echotune.gateway.service.SpotifyAccessService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/**
 * For services only: the Spotify access token of the user an internal token names (a service forwards the one it
 * received). Outside {@code /api/v1}, so the proxy never routes it; a personal access token or session is refused
 * here, since only internal tokens (which never leave the fleet) are accepted. 404 without a Spotify connection.
 */
@Path("/internal/v1/spotify/access-token")
public class InternalSpotifyTokenResource {

    private static final String BEARER = "Bearer ";

    private final InternalTokenVerifier verifier;
    private final SpotifyAccessService access;

    public InternalSpotifyTokenResource(InternalTokenVerifier verifier, SpotifyAccessService access) {
        this.verifier = verifier;
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Response> accessToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String raw = authorization != null && authorization.startsWith(BEARER) ? authorization.substring(BEARER.length()).strip() : null;
        UUID userId = verifier.userIdOf(raw).flatMap(InternalSpotifyTokenResource::uuid)
                .orElseThrow(() -> ApiException.unauthorized("An internal token is required"));
        return access.accessTokenFor(userId).map(found -> found
                .map(a -> Response.ok(a).header(HttpHeaders.CACHE_CONTROL, "no-store").build())
                .orElseThrow(() -> ApiException.notFound("A Spotify connection for this user")));
    }

    private static java.util.Optional<UUID> uuid(String value) {
        try {
            return java.util.Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
