package io.echotune.playlist.client;

import io.echotune.commons.problem.ApiException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Calls the recommender behind a named circuit breaker ({@code recommender}) with one quick retry for a dropped
 * connection or a 5xx, our only retry on this hop. A 400 or 422 means the recommender read the request and refused it (a
 * prompt it cannot take): that becomes a 400 for our caller, and neither opens the breaker nor is retried.
 */
@ApplicationScoped
public class RecommenderClient {

    private final RecommenderApi api;

    public RecommenderClient(@RestClient RecommenderApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = ApiException.class)
    @CircuitBreakerName("recommender")
    @Retry(maxRetries = 1, delay = 50, abortOn = ApiException.class)
    public Uni<List<RecommenderAnswer.Track>> recommend(String bearer, String prompt, int count) {
        return api.recommend(bearer, new RecommenderApi.RecommendBody(prompt, count))
                .map(answer -> answer == null || answer.tracks() == null ? List.<RecommenderAnswer.Track>of() : answer.tracks())
                .onFailure(RecommenderClient::isRefusal).transform(e -> ApiException.invalidField("prompt",
                        "the recommender could not take it (" + ((WebApplicationException) e).getResponse().getStatus() + ")"));
    }

    /**
     * Those of {@code trackIds} the caller played that the catalog does not hold, as their plays name them (the
     * recommender knows them from the caller's taste profile; a shown track outside the catalog is one of them).
     */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = ApiException.class)
    @CircuitBreakerName("recommender-played-tracks")   // names are unique per method in SmallRye
    @Retry(maxRetries = 1, delay = 50, abortOn = ApiException.class)
    public Uni<List<RecommenderAnswer.Track>> playedTracks(String bearer, List<String> trackIds) {
        return api.playedTracks(bearer, new RecommenderApi.PlayedTracksBody(trackIds))
                .map(found -> found == null ? List.<RecommenderAnswer.Track>of() : found);
    }

    private static boolean isRefusal(Throwable e) {
        return e instanceof WebApplicationException w
                && (w.getResponse().getStatus() == 400 || w.getResponse().getStatus() == 422);
    }
}
