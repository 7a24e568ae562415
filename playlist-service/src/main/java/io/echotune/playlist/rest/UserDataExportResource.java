package io.echotune.playlist.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.playlist.PlaylistExport;
import io.echotune.playlist.service.UserDataService;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The playlist part of a user's data export, for the gateway's {@code GET /api/v1/me/export} only: not routed
 * publicly, and needs the {@code account} scope in the internal token. Streamed as a JSON array, one playlist (with
 * its versions) at a time.
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
    @Path("/playlists.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Multi<PlaylistExport.Playlist> playlists() {
        return userData.export(caller.userId());
    }
}
