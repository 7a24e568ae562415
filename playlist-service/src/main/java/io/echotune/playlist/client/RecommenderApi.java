package io.echotune.playlist.client;

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

/** The recommender's {@code POST /api/v1/recommendations} (configured as quarkus.rest-client.recommender.url). */
@RegisterRestClient(configKey = "recommender")
interface RecommenderApi {

    @RegisterForReflection
    record RecommendBody(String prompt, Integer count) {
    }

    @RegisterForReflection
    record PlayedTracksBody(List<String> trackIds) {
    }

    /** The caller's played tracks outside the catalog among {@code trackIds} (the recommender's internal lookup). */
    @POST
    @Path("/internal/v1/played-tracks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<List<RecommenderAnswer.Track>> playedTracks(@HeaderParam("Authorization") String bearer, PlayedTracksBody body);

    @POST
    @Path("/api/v1/recommendations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RecommenderAnswer> recommend(@HeaderParam("Authorization") String bearer, RecommendBody body);
}
