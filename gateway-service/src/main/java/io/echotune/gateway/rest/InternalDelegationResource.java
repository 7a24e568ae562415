package io.echotune.gateway.rest;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.service.DelegationService;
import io.echotune.gateway.service.InternalTokenVerifier;
import io.echotune.gateway.service.ServiceCredentials;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;

/**
 * For services only (outside {@code /api/v1}, never routed publicly), like {@link InternalSpotifyTokenResource}:
 * <ul>
 *   <li>{@code POST /internal/v1/delegations} with the internal token of a live request: a delegation for background
 *   work on the user's behalf ({@link DelegationService});</li>
 *   <li>{@code POST /internal/v1/delegations/exchange} with the service's own key ({@code Authorization: Service <key>})
 *   and a delegation: a short-lived internal token for its user.</li>
 * </ul>
 */
@Path("/internal/v1/delegations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalDelegationResource {

    private static final String BEARER = "Bearer ";

    private final InternalTokenVerifier verifier;
    private final ServiceCredentials services;
    private final DelegationService delegations;

    public InternalDelegationResource(InternalTokenVerifier verifier, ServiceCredentials services,
                                      DelegationService delegations) {
        this.verifier = verifier;
        this.services = services;
        this.delegations = delegations;
    }

    public record DelegationRequest(String purpose, String resource) {
    }

    public record DelegationAnswer(String delegation, Instant expiresAt) {
    }

    public record ExchangeRequest(String delegation) {
    }

    public record ExchangeAnswer(String token) {
    }

    @POST
    @Operation(hidden = true)
    public Response issue(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, DelegationRequest request) {
        String raw = authorization != null && authorization.startsWith(BEARER) ? authorization.substring(BEARER.length()).strip() : null;
        InternalTokenVerifier.Verified caller = verifier.verify(raw)
                .orElseThrow(() -> ApiException.unauthorized("An internal token is required"));
        DelegationService.Delegation issued = delegations.issue(caller,
                request == null ? null : request.purpose(), request == null ? null : request.resource());
        return Response.ok(new DelegationAnswer(issued.delegation(), issued.expiresAt()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @Path("/exchange")
    @Operation(hidden = true)
    public Uni<Response> exchange(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, ExchangeRequest request) {
        String service = services.serviceOf(authorization)
                .orElseThrow(() -> ApiException.unauthorized("A service key is required (Authorization: Service <key>)"));
        if (request == null || request.delegation() == null || request.delegation().isBlank()) {
            throw ApiException.invalidField("delegation", "is required");
        }
        return delegations.exchange(service, request.delegation())
                .map(token -> Response.ok(new ExchangeAnswer(token)).header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }
}
