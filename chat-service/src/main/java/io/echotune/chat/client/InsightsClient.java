package io.echotune.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.Map;

/** Calls the insights service behind the breaker {@code insights}; reads, so one quick retry on this hop. */
@ApplicationScoped
public class InsightsClient {

    private final InsightsApi api;

    public InsightsClient(@RestClient InsightsApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = DownstreamRefusal.class)
    @CircuitBreakerName("insights")
    @Retry(maxRetries = 1, delay = 50, abortOn = DownstreamRefusal.class)
    public Uni<JsonNode> read(String bearer, String endpoint, Map<String, String> query) {
        return api.read(bearer, endpoint, query).onFailure().transform(DownstreamRefusal::ifRefused);
    }
}
