package io.echotune.chat.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.UUID;

/** The playlist service's create endpoint (quarkus.rest-client.playlist.url). */
@RegisterRestClient(configKey = "playlist")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface PlaylistApi {

    @RegisterForReflection
    record CreateBody(String name, String prompt, List<String> trackIds) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreatedTrack(int position, String trackId) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(UUID playlistId, String name, int version, List<CreatedTrack> tracks) {
    }

    @POST
    @Path("/api/v1/playlists")
    Uni<Created> create(@HeaderParam("Authorization") String bearer, CreateBody body);
}
