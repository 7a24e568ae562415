package io.echotune.llmrouter.service;

import io.echotune.llmrouter.CircuitState;
import io.echotune.llmrouter.client.ProviderReply;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One named circuit breaker per remote provider ({@code llm-provider-<name>}), built with SmallRye Fault Tolerance's
 * programmatic API because providers come from configuration, plus what the providers endpoint shows: each
 * breaker's state and each provider's last call latency.
 */
@ApplicationScoped
public class ProviderMonitor {

    private static final TypeLiteral<Uni<ProviderReply>> REPLY = new TypeLiteral<>() {
    };

    private final LlmRouterConfig config;
    private final Clock clock;
    private final CircuitBreakerMaintenance maintenance;
    private final Map<String, TypedGuard<Uni<ProviderReply>>> guards = new ConcurrentHashMap<>();
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLatencyMs = new ConcurrentHashMap<>();

    public ProviderMonitor(LlmRouterConfig config, Clock clock, CircuitBreakerMaintenance maintenance) {
        this.config = config;
        this.clock = clock;
        this.maintenance = maintenance;
    }

    /** The provider's breaker, built on first use. */
    public TypedGuard<Uni<ProviderReply>> guard(String provider) {
        return guards.computeIfAbsent(provider, name -> TypedGuard.create(REPLY)
                .withDescription("LLM provider " + name)
                .withCircuitBreaker()
                .name(breakerName(name))
                .requestVolumeThreshold(config.breaker().requestVolume())
                .failureRatio(config.breaker().failureRatio())
                .delay(config.breaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(config.breaker().successThreshold())
                .onStateChange(state -> {
                    if (state == CircuitBreakerState.OPEN) {
                        openedAt.put(name, clock.instant());
                    }
                })
                .done()
                .build());
    }

    static String breakerName(String provider) {
        return "llm-provider-" + provider;
    }

    /**
     * The breaker's state as the API shows it. An open breaker whose delay has passed lets the next call through as a
     * trial, so it is shown as half-open even before that call arrives.
     */
    public CircuitState circuit(String provider) {
        if (!guards.containsKey(provider)) {
            return CircuitState.CLOSED; // never called: no breaker yet
        }
        CircuitBreakerState state = maintenance.currentState(breakerName(provider));
        return switch (state) {
            case CLOSED -> CircuitState.CLOSED;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            case OPEN -> {
                Instant opened = openedAt.get(provider);
                yield opened != null && !clock.instant().isBefore(opened.plus(config.breaker().delay()))
                        ? CircuitState.HALF_OPEN : CircuitState.OPEN;
            }
            default -> CircuitState.CLOSED;
        };
    }

    public void recordLatency(String provider, long millis) {
        lastLatencyMs.put(provider, millis);
    }

    /** The latency of the provider's last call, finished or failed; null before the first. */
    public Long lastLatencyMs(String provider) {
        return lastLatencyMs.get(provider);
    }
}
