package io.echotune.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Spotify Web API: https://api.spotify.com (configured as quarkus.rest-client.spotify-api.url). */
@RegisterRestClient(configKey = "spotify-api")
interface SpotifyWebApi {

    @GET
    @Path("/v1/me")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SpotifyProfile> me(@HeaderParam("Authorization") String bearer);

    /** The user's recently played tracks after {@code after} (epoch ms; omitted when null); scope user-read-recently-played. */
    @GET
    @Path("/v1/me/player/recently-played")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RecentlyPlayedPage> recentlyPlayed(@HeaderParam("Authorization") String bearer, @QueryParam("limit") int limit,
                                           @QueryParam("after") Long after);
}
