package io.echotune.playlist.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.playlist.Playlist;
import io.echotune.playlist.service.PlaylistService;
import io.echotune.playlist.service.VersionService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.UUID;

@Path("/api/v1/playlists")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlaylistResource {

    private final PlaylistService playlists;
    private final VersionService versions;
    private final CallerIdentity caller;
    private final CallerToken token;

    public PlaylistResource(PlaylistService playlists, VersionService versions, CallerIdentity caller,
                            CallerToken token) {
        this.playlists = playlists;
        this.versions = versions;
        this.caller = caller;
        this.token = token;
    }

    /**
     * {@code trackIds} (ids or spotify:track: URIs, checked against the catalog) or a {@code prompt} the recommender
     * answers with {@code count} tracks (1-100, default 20); {@code name} defaults to the prompt. With both, the ids
     * are the tracks and the prompt is kept for refinements and scheduled refreshes.
     */
    public record CreatePlaylistRequest(String name, String prompt, List<String> trackIds, Integer count) {
    }

    /** How to change the playlist: "more upbeat", "no vocals", "swap the last five", "30 songs instead". */
    public record RefineRequest(String prompt) {
    }

    @POST
    @Operation(summary = "Create a playlist from track ids or a prompt")
    public Uni<Response> create(CreatePlaylistRequest request, @Context UriInfo uri) {
        CreatePlaylistRequest body = request != null ? request : new CreatePlaylistRequest(null, null, null, null);
        return playlists.create(caller.userId(), token.bearer(),
                        new PlaylistService.NewPlaylist(body.name(), body.prompt(), body.trackIds(), body.count()))
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

    @DELETE
    @Path("/{playlistId}")
    public Uni<Void> delete(@PathParam("playlistId") UUID playlistId) {
        return playlists.delete(caller.userId(), playlistId);
    }

    @POST
    @Path("/{playlistId}/refine")
    @Operation(summary = "Make the next version from a refinement prompt",
            description = "Tracks that still fit keep their place; the rest are replaced. The answer lists the added and removed ids.")
    public Uni<Playlist> refine(@PathParam("playlistId") UUID playlistId, RefineRequest request) {
        return versions.refine(caller.userId(), token.bearer(), playlistId, request == null ? null : request.prompt());
    }

    @GET
    @Path("/{playlistId}/versions")
    public Uni<List<Playlist.Version>> versions(@PathParam("playlistId") UUID playlistId) {
        return versions.list(caller.userId(), playlistId);
    }

    @GET
    @Path("/{playlistId}/versions/{version}")
    public Uni<Playlist> version(@PathParam("playlistId") UUID playlistId, @PathParam("version") int version) {
        return versions.get(caller.userId(), playlistId, version);
    }

    @POST
    @Path("/{playlistId}/versions/{version}/restore")
    @Operation(summary = "Make a new version equal to an older one")
    @Consumes(MediaType.WILDCARD) // no body
    public Uni<Playlist> restore(@PathParam("playlistId") UUID playlistId, @PathParam("version") int version) {
        return versions.restore(caller.userId(), playlistId, version);
    }
}
