package io.echotune.playlist.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/**
 * Spotify Web API playlist calls (configured as quarkus.rest-client.spotify-api.url). Since 2026 playlist
 * {@code /tracks} paths are {@code /items} (../shared/PLATFORM.md).
 */
@RegisterRestClient(configKey = "spotify-api")
interface SpotifyWebApi {

    @RegisterForReflection
    record NewPlaylist(String name, String description, @JsonProperty("public") boolean isPublic) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreatedPlaylist(String id, @JsonProperty("external_urls") Map<String, String> externalUrls) {
    }

    @RegisterForReflection
    record Items(List<String> uris) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Snapshot(@JsonProperty("snapshot_id") String snapshotId) {
    }

    @POST
    @Path("/v1/me/playlists")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<CreatedPlaylist> createPlaylist(@HeaderParam("Authorization") String bearer, NewPlaylist body);

    /** Replaces all items with these (at most 100). */
    @PUT
    @Path("/v1/playlists/{playlistId}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Snapshot> replaceItems(@HeaderParam("Authorization") String bearer, @PathParam("playlistId") String playlistId,
                               Items body);

    /** Appends these items (at most 100). */
    @POST
    @Path("/v1/playlists/{playlistId}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Snapshot> addItems(@HeaderParam("Authorization") String bearer, @PathParam("playlistId") String playlistId,
                           Items body);
}
