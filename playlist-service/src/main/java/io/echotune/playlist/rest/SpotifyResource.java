package io.echotune.playlist.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.playlist.SpotifySave;
import io.echotune.playlist.service.SpotifySaveService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

@Path("/api/v1/playlists/{playlistId}/spotify")
@Produces(MediaType.APPLICATION_JSON)
public class SpotifyResource {

    private final SpotifySaveService saves;
    private final CallerIdentity caller;
    private final CallerToken token;

    public SpotifyResource(SpotifySaveService saves, CallerIdentity caller, CallerToken token) {
        this.saves = saves;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @Operation(summary = "Save the current version to the caller's Spotify account",
            description = "Creates the Spotify playlist the first time and replaces its items on later saves.")
    public Uni<SpotifySave> save(@PathParam("playlistId") UUID playlistId) {
        return saves.save(caller.userId(), token.bearer(), playlistId);
    }
}
