package io.echotune.recommender.client;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.Optional;

/**
 * Calls the LLM router behind a named circuit breaker ({@code llm-router}) with one quick retry for a dropped
 * connection or a 5xx (our only retry on this hop: the router keeps its own budget towards providers). A 4xx means
 * the router read the request and refused it (a prompt it finds too long, say): that is an empty reading, not a
 * failure, so it neither opens the breaker nor is retried.
 */
@ApplicationScoped
public class LlmRouterClient {

    private final LlmRouterApi api;

    public LlmRouterClient(@RestClient LlmRouterApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000)
    @CircuitBreakerName("llm-router")
    @Retry(maxRetries = 1, delay = 50)
    public Uni<Optional<RouterReading>> interpret(String bearer, String text, String provider) {
        return api.interpret(bearer, new LlmRouterApi.InterpretBody(text, provider))
                .map(Optional::ofNullable)
                .onFailure(LlmRouterClient::isRefusal).recoverWithItem(Optional.empty());
    }

    private static boolean isRefusal(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse().getStatus() >= 400
                && w.getResponse().getStatus() < 500;
    }
}
