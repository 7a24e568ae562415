package io.echotune.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.chat.ChatMessage;
import io.echotune.chat.Reading;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Calls the LLM router behind the breakers {@code llm-router-interpret} and {@code llm-router-compose}, with one quick retry for a dropped connection or a
 * 5xx: the only retry on this hop (the router keeps its own budget towards providers).
 */
@ApplicationScoped
public class LlmRouterClient {

    private final LlmRouterApi api;

    public LlmRouterClient(@RestClient LlmRouterApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = DownstreamRefusal.class)
    @CircuitBreakerName("llm-router-interpret")
    @Retry(maxRetries = 1, delay = 50, abortOn = DownstreamRefusal.class)
    public Uni<Reading> interpret(String bearer, String text, List<ChatMessage> context, String provider,
                                  long deadlineMs) {
        List<LlmRouterApi.Turn> turns = context.stream()
                .map(m -> new LlmRouterApi.Turn(m.role(), m.text())).toList();
        return api.interpret(bearer, deadlineMs, new LlmRouterApi.InterpretBody(text, turns, provider))
                .onFailure().transform(DownstreamRefusal::ifRefused);
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = DownstreamRefusal.class)
    @CircuitBreakerName("llm-router-compose")
    @Retry(maxRetries = 1, delay = 50, abortOn = DownstreamRefusal.class)
    public Uni<ComposedReply> compose(String bearer, JsonNode facts, String intent, String provider, long deadlineMs) {
        return api.compose(bearer, deadlineMs, new LlmRouterApi.ComposeBody(facts, intent, provider))
                .onFailure().transform(DownstreamRefusal::ifRefused);
    }
}
