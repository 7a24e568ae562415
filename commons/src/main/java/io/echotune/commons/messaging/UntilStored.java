package io.echotune.commons.messaging;


import io.echotune.commons.health.ConsumerStalls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How an event consumer waits out a store outage: the event's work is retried with exponential back-off (capped)
 * until it succeeds, never given up, so the event is acknowledged (and its offset committed) only once its work is
 * done and a store outage (Redis, MongoDB) delays cache invalidations, profile updates and erasures instead of losing them. Each failed attempt is
 * reported to {@link ConsumerStalls}, which turns readiness DOWN while a consumer is stuck.
 */
@ApplicationScoped
public class UntilStored {

    private static final Logger LOG = Logger.getLogger(UntilStored.class);

    private final ConsumerStalls stalls;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public UntilStored(ConsumerStalls stalls, ConsumerRetryConfig config) {
        this.stalls = stalls;
        this.initialBackoff = config.retryInitialBackoff();
        this.maxBackoff = config.retryMaxBackoff();
    }

    /** {@code work} (subscribed afresh for every attempt) retried until it succeeds. */
    public <T> Uni<T> run(String consumer, String what, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure().invoke(e -> {
                    stalls.failed(consumer, e);
                    LOG.warnf("%s: %s failed, retrying until the store is back: %s", consumer, what, e.toString());
                })
                .onFailure().retry().withBackOff(initialBackoff, maxBackoff).withJitter(0.2).indefinitely()
                .invoke(() -> stalls.succeeded(consumer));
    }
}
