package io.echotune.recommender.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.recommender.Recommendation;
import io.echotune.recommender.service.RecommendationService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecommendationResource {

    private final RecommendationService recommendations;
    private final CallerIdentity caller;
    private final CallerToken token;

    public RecommendationResource(RecommendationService recommendations, CallerIdentity caller, CallerToken token) {
        this.recommendations = recommendations;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @Operation(summary = "Recommend tracks",
            description = "Ranks the catalog for the caller: taste profile, context, prompt, co-listening and novelty, "
                    + "each a named component of the score, with an explanation built only from facts in the data.")
    public Uni<Recommendation> recommend(RecommendationRequest request) {
        return recommendations.recommend(caller.userId(), token.bearer(), token.preferences(),
                (request != null ? request : RecommendationRequest.empty()).toQuestion());
    }
}
