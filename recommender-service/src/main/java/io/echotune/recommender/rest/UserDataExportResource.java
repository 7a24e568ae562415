package io.echotune.recommender.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.recommender.RecommenderExport;
import io.echotune.recommender.service.UserDataService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The recommender's part of a user's data export, for the gateway's {@code GET /api/v1/me/export} only: not routed
 * publicly, and needs the {@code account} scope in the internal token.
 */
@Path("/internal/v1/export")
@RolesAllowed("account")
@Produces(MediaType.APPLICATION_JSON)
public class UserDataExportResource {

    private final UserDataService userData;
    private final CallerIdentity caller;

    public UserDataExportResource(UserDataService userData, CallerIdentity caller) {
        this.userData = userData;
        this.caller = caller;
    }

    /** Streamed as a JSON array, oldest first. */
    @GET
    @Path("/feedback.json")
    public Multi<RecommenderExport.FeedbackGiven> feedback() {
        return userData.feedback(caller.userId());
    }

    @GET
    @Path("/taste-profile.json")
    public Uni<RecommenderExport.Taste> taste() {
        return userData.taste(caller.userId());
    }
}
