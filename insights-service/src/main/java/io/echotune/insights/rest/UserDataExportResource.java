package io.echotune.insights.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.insights.service.UserDataService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The insights part of a user's data export, for the gateway's {@code GET /api/v1/me/export} only: not routed
 * publicly, and needs the {@code account} scope in the internal token.
 */
@Path("/internal/v1/export")
@RolesAllowed("account")
public class UserDataExportResource {

    private final UserDataService userData;
    private final CallerIdentity caller;

    public UserDataExportResource(UserDataService userData, CallerIdentity caller) {
        this.userData = userData;
        this.caller = caller;
    }

    @GET
    @Path("/insights.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<byte[]> insights() {
        return userData.export(caller.userId());
    }
}
