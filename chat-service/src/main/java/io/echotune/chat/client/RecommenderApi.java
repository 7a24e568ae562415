package io.echotune.chat.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.echotune.chat.FeatureRange;
import io.echotune.chat.ShownTrack;
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
import java.util.Map;

/** The recommender's recommendation and feedback endpoints (quarkus.rest-client.recommender.url). */
@RegisterRestClient(configKey = "recommender")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface RecommenderApi {

    /**
     * API.md "Recommendations": only the fields the chat uses; absent ones are left out of the JSON. {@code era},
     * {@code excludeTrackIds}, {@code excludeArtists} and {@code excludeGenres} are bounds the recommender keeps
     * (docs/recommender.md).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record RecommendBody(String prompt, Integer count, List<String> genres, List<String> seedArtists,
                         List<String> seedTracks, Map<String, FeatureRange> targets, Context context, String novelty,
                         Era era, List<String> excludeTrackIds, List<String> excludeArtists,
                         List<String> excludeGenres) {
    }

    /** Release years, inclusive. */
    @RegisterForReflection
    record Era(int from, int to) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Context(String activity, String mood, String timeOfDay) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecommendAnswer(String requestId, List<ShownTrack> tracks) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FeedbackBody(String trackId, String signal, String requestId) {
    }

    @POST
    @Path("/api/v1/recommendations")
    Uni<RecommendAnswer> recommend(@HeaderParam("Authorization") String bearer, RecommendBody body);

    @POST
    @Path("/api/v1/recommendations/feedback")
    Uni<jakarta.ws.rs.core.Response> feedback(@HeaderParam("Authorization") String bearer, FeedbackBody body);
}
