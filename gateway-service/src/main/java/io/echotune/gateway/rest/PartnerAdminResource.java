package io.echotune.gateway.rest;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.PartnerClient;
import io.echotune.gateway.Scope;
import io.echotune.gateway.routing.CurrentCaller;
import io.echotune.gateway.service.PartnerClientService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * The operator's register of partner apps (API.md "Identity"). The gateway lets only the operator credential (scope
 * {@code admin}) reach {@code /api/v1/admin/**}; this resource checks it again, so a change of that rule cannot open it.
 */
@Path("/api/v1/admin/partners")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerAdminResource {

    private final PartnerClientService partners;
    private final CurrentCaller caller;

    public PartnerAdminResource(PartnerClientService partners, CurrentCaller caller) {
        this.partners = partners;
        this.caller = caller;
    }

    public record RegistrationRequest(String name, List<String> scopes, Integer ratePerMinute, Integer dailyQuota) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(RegistrationRequest request) {
        requireOperator();
        RegistrationRequest body = request != null ? request : new RegistrationRequest(null, null, null, null);
        return partners.register(new PartnerClientService.Registration(body.name(), body.scopes(), body.ratePerMinute(),
                        body.dailyQuota()))
                .map(registered -> Response.created(URI.create("/api/v1/admin/partners/" + registered.clientId()))
                        .header("Cache-Control", "no-store").entity(registered).build());
    }

    @GET
    public Uni<List<PartnerClient>> list() {
        requireOperator();
        return partners.list();
    }

    @GET
    @Path("/{clientId}")
    public Uni<PartnerClient> get(@PathParam("clientId") String clientId) {
        requireOperator();
        UUID id = clientIdOf(clientId);
        return partners.find(id).map(found -> found.orElseThrow(() -> ApiException.notFound("Partner client " + clientId)));
    }

    @DELETE
    @Path("/{clientId}")
    public Uni<Response> delete(@PathParam("clientId") String clientId) {
        requireOperator();
        UUID id = clientIdOf(clientId);
        return partners.delete(id).map(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("Partner client " + clientId);
            }
            return Response.noContent().build();
        });
    }

    private void requireOperator() {
        if (!caller.get().may(Scope.ADMIN)) {
            throw ApiException.notFound("This resource");
        }
    }

    /** A client id that is not one (not a UUID) names no client: 404, like an unknown one. */
    private static UUID clientIdOf(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Partner client " + value);
        }
    }
}
