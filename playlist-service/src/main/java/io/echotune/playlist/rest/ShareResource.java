package io.echotune.playlist.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.playlist.SharedPlaylist;
import io.echotune.playlist.service.ShareService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.UUID;

/** The owner's side of sharing: make (or get) the public code, and revoke it. */
@Path("/api/v1/playlists/{playlistId}/share")
@Produces(MediaType.APPLICATION_JSON)
public class ShareResource {

    private final ShareService shares;
    private final CallerIdentity caller;

    public ShareResource(ShareService shares, CallerIdentity caller) {
        this.shares = shares;
        this.caller = caller;
    }

    @POST
    public Uni<SharedPlaylist.Share> share(@PathParam("playlistId") UUID playlistId, @Context UriInfo uri) {
        // Built from the forwarded host: the public page's address at the gateway.
        return shares.share(caller.userId(), playlistId).map(code -> new SharedPlaylist.Share(code,
                uri.getBaseUriBuilder().path("shared").path(code).build().toString()));
    }

    @DELETE
    public Uni<Void> revoke(@PathParam("playlistId") UUID playlistId) {
        return shares.revoke(caller.userId(), playlistId);
    }
}
