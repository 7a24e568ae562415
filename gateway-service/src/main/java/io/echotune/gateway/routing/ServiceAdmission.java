package io.echotune.gateway.routing;

import io.echotune.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load shedding at the door: at most {@code echotune.gateway.limits.max-in-flight-per-service} calls of this replica
 * are with one service at a time. A saturated service answers ever later; without a bound every caller would wait
 * in the HTTP client's queue until its own timeout, so an overload turned into timeouts for everyone. With it, the
 * calls past the bound are told at once to come back (503, Retry-After) and the ones admitted keep their latency.
 * Shed calls are counted per service ({@code echotune.gateway.shed}).
 */
@ApplicationScoped
public class ServiceAdmission {

    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final int limit;
    private final MeterRegistry metrics;

    public ServiceAdmission(GatewayConfig config, MeterRegistry metrics) {
        this.limit = config.limits().maxInFlightPerService();
        this.metrics = metrics;
    }

    /** Takes a place with {@code service}; false (and counted as shed) when all are taken. */
    boolean tryEnter(String service) {
        AtomicInteger count = inFlight.computeIfAbsent(service, s -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            metrics.counter("echotune.gateway.shed", "service", service).increment();
            return false;
        }
        return true;
    }

    /** Gives back the place a call took, once its answer ended or its connection closed. */
    void leave(String service) {
        inFlight.get(service).decrementAndGet();
    }
}
