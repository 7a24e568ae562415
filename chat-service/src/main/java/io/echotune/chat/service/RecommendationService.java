package io.echotune.chat.service;

import io.echotune.chat.MusicRequest;
import io.echotune.chat.client.Recommendation;
import io.echotune.chat.client.RecommenderClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

import java.util.List;

/** Recommendations and feedback through the recommender, each call cut at its own timeout. */
@ApplicationScoped
public class RecommendationService {

    private static final Logger LOG = Logger.getLogger(RecommendationService.class);

    private final RecommenderClient recommender;

    public RecommendationService(RecommenderClient recommender) {
        this.recommender = recommender;
    }

    @Timeout(8_000)
    @Fallback(fallbackMethod = "recommendUnavailable")
    public Uni<Downstream<Recommendation>> recommend(String bearer, MusicRequest request, List<String> leaveOut) {
        return recommender.recommend(bearer, request, leaveOut).map(Downstream::answered);
    }

    Uni<Downstream<Recommendation>> recommendUnavailable(String bearer, MusicRequest request, List<String> leaveOut,
                                                         Throwable cause) {
        LOG.warnf("Recommendation unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the recommender is unavailable right now"));
    }

    @Timeout(3_000)
    @Fallback(fallbackMethod = "feedbackUnavailable")
    public Uni<Downstream<Boolean>> feedback(String bearer, String trackId, String signal, String requestId) {
        return recommender.feedback(bearer, trackId, signal, requestId).replaceWith(Downstream.answered(true));
    }

    Uni<Downstream<Boolean>> feedbackUnavailable(String bearer, String trackId, String signal, String requestId,
                                                 Throwable cause) {
        LOG.warnf("Feedback unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the recommender is unavailable right now"));
    }
}
