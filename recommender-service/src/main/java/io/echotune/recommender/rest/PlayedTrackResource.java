package io.echotune.recommender.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.recommender.PlayedTrack;
import io.echotune.recommender.service.PlayedTrackLookup;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/**
 * For other services only (not routed by the gateway): what the caller's own plays say of tracks the catalog does
 * not hold, so that a playlist can be made of the tracks an answer showed.
 */
@Path("/internal/v1/played-tracks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlayedTrackResource {

    /** {@code trackIds}: Spotify ids, {@code spotify:track:} URIs or name keys. */
    public record Lookup(List<String> trackIds) {
    }

    private final PlayedTrackLookup lookup;
    private final CallerIdentity caller;

    public PlayedTrackResource(PlayedTrackLookup lookup, CallerIdentity caller) {
        this.lookup = lookup;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Look up played tracks outside the catalog",
            description = "Those of the given tracks the caller played that the catalog does not hold, as their plays "
                    + "name them; the others are left out.")
    public Uni<List<PlayedTrack>> find(Lookup body) {
        return lookup.find(caller.userId(), body == null ? null : body.trackIds());
    }
}
