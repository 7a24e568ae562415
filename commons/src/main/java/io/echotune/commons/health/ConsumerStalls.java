package io.echotune.commons.health;

import io.echotune.commons.messaging.ConsumerRetryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the readiness check {@code event-consumers} ({@link ConsumerReadiness}) reports: DOWN while an event consumer has failed {@code stalled-after-attempts}
 * times in a row on the same event (a store is down and it is waiting for it, holding back its offsets), with the
 * consumer, since when and the last error as data; UP again as soon as the event is done. A stalled consumer loses
 * nothing (it retries until the store is back), but operators must see that its work is late.
 */
@ApplicationScoped
public class ConsumerStalls {

    static final String NAME = "event-consumers";

    private record Failing(Instant since, int attempts, String lastError) {
    }

    private final int stalledAfter;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    public ConsumerStalls(ConsumerRetryConfig config) {
        this.stalledAfter = config.stalledAfterAttempts();
    }

    /** One more failed attempt of the consumer's current event. */
    public void failed(String consumer, Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        failing.compute(consumer, (name, before) -> before == null
                ? new Failing(Instant.now(), 1, message)
                : new Failing(before.since(), before.attempts() + 1, message));
    }

    /** The consumer's current event is done: it is no longer failing. */
    public void succeeded(String consumer) {
        if (!failing.isEmpty()) {
            failing.remove(consumer);
        }
    }

    /** The consumers' state as a health check response. */
    public HealthCheckResponse report() {
        Map<String, Failing> stalled = failing.entrySet().stream()
                .filter(e -> e.getValue().attempts() >= stalledAfter)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (stalled.isEmpty()) {
            return response.up().build();
        }
        Map.Entry<String, Failing> longest = stalled.entrySet().stream()
                .min(Comparator.comparing((Map.Entry<String, Failing> e) -> e.getValue().since()))
                .orElseThrow();
        return response.down()
                .withData("consumer", longest.getKey())
                .withData("failingSince", longest.getValue().since().toString())
                .withData("attempts", longest.getValue().attempts())
                .withData("lastError", longest.getValue().lastError())
                .withData("stalledConsumers", String.join(",", stalled.keySet().stream().sorted().toList()))
                .build();
    }
}
