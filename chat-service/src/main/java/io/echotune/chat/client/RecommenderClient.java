package io.echotune.chat.client;

import io.echotune.chat.MusicRequest;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.ConnectException;
import java.util.List;

/**
 * Calls the recommender behind the breaker {@code recommender}. A recommendation is a read, so one quick retry
 * covers a dropped connection or a 5xx; feedback is a write and is retried only when the connection was refused
 * (the request never left).
 */
@ApplicationScoped
public class RecommenderClient {

    private final RecommenderApi api;

    public RecommenderClient(@RestClient RecommenderApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = DownstreamRefusal.class)
    @CircuitBreakerName("recommender")
    @Retry(maxRetries = 1, delay = 50, abortOn = DownstreamRefusal.class)
    public Uni<Recommendation> recommend(String bearer, MusicRequest request, List<String> excludeTrackIds) {
        boolean context = request.mood() != null || request.activity() != null || request.timeOfDay() != null;
        RecommenderApi.RecommendBody body = new RecommenderApi.RecommendBody(request.prompt(), request.count(),
                request.genres(), request.seedArtists(), request.seedTracks(), request.targets(),
                context ? new RecommenderApi.Context(request.activity(), request.mood(), request.timeOfDay()) : null,
                request.novelty(), request.era() != null
                        ? new RecommenderApi.Era(request.era().from().getYear(), request.era().to().getYear()) : null,
                excludeTrackIds, request.excludedArtists(), request.excludedGenres());
        return api.recommend(bearer, body)
                .map(answer -> new Recommendation(answer.requestId(), answer.tracks() == null ? List.of() : answer.tracks()))
                .onFailure().transform(DownstreamRefusal::ifRefused);
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = DownstreamRefusal.class)
    @CircuitBreakerName("recommender-feedback")
    @Retry(maxRetries = 1, delay = 50, retryOn = ConnectException.class)
    public Uni<Void> feedback(String bearer, String trackId, String signal, String requestId) {
        return api.feedback(bearer, new RecommenderApi.FeedbackBody(trackId, signal, requestId))
                .onFailure().transform(DownstreamRefusal::ifRefused)
                .replaceWithVoid();
    }
}
