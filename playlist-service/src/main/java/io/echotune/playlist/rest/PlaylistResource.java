package io.echotune.playlist.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.playlist.Playlist;
import io.echotune.playlist.service.PlaylistService;
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
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.util.List;
import java.util.UUID;

@Path("/api/v1/playlists")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlaylistResource {

    private final PlaylistService playlists;
    private final CallerIdentity caller;

    public PlaylistResource(PlaylistService playlists, CallerIdentity caller) {
        this.playlists = playlists;
        this.caller = caller;
    }

    /** A playlist from explicit tracks; {@code prompt} is kept as its description and default name. */
    public record CreatePlaylistRequest(String name, String prompt, List<String> trackIds) {
    }

    @POST
    public Uni<Response> create(CreatePlaylistRequest request, @Context UriInfo uri) {
        CreatePlaylistRequest body = request != null ? request : new CreatePlaylistRequest(null, null, null);
        return playlists.create(caller.userId(), body.name(), body.prompt(), body.trackIds())
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.playlistId().toString()).build())
                        .entity(created).build());
    }

    @GET
    public Uni<List<Playlist.Summary>> list() {
        return playlists.list(caller.userId());
    }

    @GET
    @Path("/{playlistId}")
    public Uni<Playlist> get(@PathParam("playlistId") UUID playlistId) {
        return playlists.get(caller.userId(), playlistId);
    }

    @GET
    @Path("/{playlistId}/versions")
    public Uni<List<Playlist.Version>> versions(@PathParam("playlistId") UUID playlistId) {
        return playlists.versions(caller.userId(), playlistId);
    }

    @DELETE
    @Path("/{playlistId}")
    public Uni<Void> delete(@PathParam("playlistId") UUID playlistId) {
        return playlists.delete(caller.userId(), playlistId);
    }
}
