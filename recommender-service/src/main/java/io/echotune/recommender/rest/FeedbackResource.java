package io.echotune.recommender.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.recommender.Feedback;
import io.echotune.recommender.service.FeedbackService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    private final FeedbackService feedback;
    private final CallerIdentity caller;

    public FeedbackResource(FeedbackService feedback, CallerIdentity caller) {
        this.feedback = feedback;
        this.caller = caller;
    }

    /**
     * {@code trackId} is a Spotify track id or {@code spotify:track:} URI; {@code signal} is like, dislike, skip
     * or save; {@code requestId} optionally names the recommendation the feedback answers.
     */
    public record FeedbackRequest(String trackId, String signal, String requestId) {
    }

    @POST
    @Path("/feedback")
    @ResponseStatus(202)
    @Operation(summary = "Record feedback on a track",
            description = "Validated and stored for the caller, for the taste model to learn from.")
    public Uni<Feedback> submit(FeedbackRequest request) {
        FeedbackRequest body = request != null ? request : new FeedbackRequest(null, null, null);
        return feedback.record(caller.userId(), body.trackId(), body.signal(), body.requestId());
    }
}
