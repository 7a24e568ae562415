package io.echotune.ingestion.catalog.enrichment;

import io.echotune.commons.music.catalog.AudioFeatures;
import io.echotune.ingestion.catalog.client.FeaturesProvider;
import io.echotune.ingestion.catalog.client.FeaturesProviderException;
import io.echotune.ingestion.catalog.repository.FeaturesCache;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the enabled features providers, in the configured order, for the tracks the catalog could not resolve:
 * first the Redis cache of their earlier answers, then the provider itself, in batches of its size, through its
 * own circuit breaker ({@code features-provider-<name>}, SmallRye Fault Tolerance's programmatic TypedGuard,
 * since providers come from configuration). A 429 pauses that provider until its Retry-After has passed (no call
 * is made meanwhile); a short pause is waited out and the call made once more, a long one skips the provider. A
 * 429 is not a fault of the provider, so it does not count toward the breaker. Blocking: runs on a worker thread.
 */
@ApplicationScoped
public class FeaturesProviders {

    private static final Logger LOG = Logger.getLogger(FeaturesProviders.class);
    private static final TypeLiteral<Uni<Map<String, AudioFeatures>>> ANSWER = new TypeLiteral<>() {
    };
    /** A bound on one guarded call, beyond the clients' own timeouts (Spotify's token call plus the call). */
    private static final Duration CALL_LIMIT = Duration.ofMinutes(1);

    private final List<FeaturesProvider> providers;
    private final IngestionConfig.Enrichment config;
    private final FeaturesCache cache;
    private final CircuitBreakerMaintenance maintenance;
    private final Map<String, TypedGuard<Uni<Map<String, AudioFeatures>>>> guards = new ConcurrentHashMap<>();
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    public FeaturesProviders(Instance<FeaturesProvider> all, IngestionConfig config, FeaturesCache cache,
                             CircuitBreakerMaintenance maintenance) {
        this.config = config.enrichment();
        this.cache = cache;
        this.maintenance = maintenance;
        Map<String, FeaturesProvider> byName = new HashMap<>();
        all.forEach(p -> byName.put(p.name(), p));
        List<FeaturesProvider> ordered = new ArrayList<>();
        for (String name : this.config.providerOrder()) {
            FeaturesProvider p = byName.remove(name.strip());
            if (p != null) {
                ordered.add(p);
            }
        }
        ordered.addAll(byName.values());
        this.providers = List.copyOf(ordered);
    }

    /** A provider's answer for one track. */
    public record Found(String provider, AudioFeatures features) {
    }

    /**
     * What the providers gave: the tracks found (by the first provider that knew them) and, for the rest, what
     * each provider said, in order ("reccobeats: not found", "spotify: circuit open", ...).
     */
    public record Lookup(Map<String, Found> found, Map<String, List<String>> notes) {
    }

    public List<String> enabledNames() {
        return providers.stream().filter(FeaturesProvider::enabled).map(FeaturesProvider::name).toList();
    }

    /** The breaker state of a provider (CLOSED before its first call). */
    public CircuitBreakerState circuit(String provider) {
        return guards.containsKey(provider) ? maintenance.currentState(breakerName(provider)) : CircuitBreakerState.CLOSED;
    }

    /** Until when a provider is paused by a 429, if it is. */
    public Optional<Instant> pausedUntil(String provider) {
        Instant until = pausedUntil.get(provider);
        return until != null && Instant.now().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public Lookup lookup(Collection<String> trackIds) {
        Set<String> remaining = new LinkedHashSet<>(trackIds);
        Map<String, Found> found = new HashMap<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        List<FeaturesProvider> enabled = providers.stream().filter(FeaturesProvider::enabled).toList();
        if (enabled.isEmpty()) {
            remaining.forEach(id -> note(notes, id, "no features provider is enabled"));
            return new Lookup(found, notes);
        }
        for (FeaturesProvider provider : enabled) {
            if (remaining.isEmpty()) {
                break;
            }
            String name = provider.name();
            Map<String, Optional<AudioFeatures>> cached = cache.get(name, remaining).await().atMost(CALL_LIMIT);
            List<String> toAsk = new ArrayList<>();
            for (String id : remaining) {
                Optional<AudioFeatures> answer = cached.get(id);
                if (answer == null) {
                    toAsk.add(id);
                } else if (answer.isPresent()) {
                    found.put(id, new Found(name, answer.get()));
                } else {
                    note(notes, id, name + ": not found (cached answer)");
                }
            }
            String skipAll = null;
            for (int from = 0; from < toAsk.size(); from += provider.batchSize()) {
                List<String> chunk = toAsk.subList(from, Math.min(toAsk.size(), from + provider.batchSize()));
                if (skipAll != null) {
                    for (String id : chunk) {
                        note(notes, id, name + ": " + skipAll);
                    }
                    continue;
                }
                Call call = call(provider, chunk);
                if (call.failure() != null) {
                    chunk.forEach(id -> note(notes, id, name + ": " + call.failure()));
                    if (call.skipRest()) {
                        skipAll = call.failure();
                    }
                    continue;
                }
                for (String id : chunk) {
                    AudioFeatures features = call.answer().get(id);
                    if (features != null) {
                        found.put(id, new Found(name, features));
                    } else {
                        note(notes, id, name + ": not found");
                    }
                }
                cache.put(name, chunk, call.answer()).await().atMost(CALL_LIMIT);
            }
            remaining.removeAll(found.keySet());
        }
        found.keySet().forEach(notes::remove);
        return new Lookup(found, notes);
    }

    /** One provider call's outcome: an answer, or why there is none and whether the provider is out for now. */
    private record Call(Map<String, AudioFeatures> answer, String failure, boolean skipRest) {
    }

    private Call call(FeaturesProvider provider, List<String> chunk) {
        String name = provider.name();
        for (int attempt = 1; attempt <= 2; attempt++) {
            Instant until = pausedUntil.get(name);
            Instant now = Instant.now();
            if (until != null && now.isBefore(until)) {
                Duration wait = Duration.between(now, until);
                if (wait.compareTo(config.maxRetryWait()) > 0) {
                    return rateLimited(until);
                }
                sleep(wait);
            }
            try {
                Map<String, AudioFeatures> answer = guard(name).get(() -> provider.features(chunk))
                        .await().atMost(CALL_LIMIT);
                return new Call(answer, null, false);
            } catch (CircuitBreakerOpenException e) {
                return new Call(null, "circuit open (recent calls failed)", true);
            } catch (FeaturesProviderException e) {
                if (e.failure() != FeaturesProviderException.Failure.RATE_LIMITED) {
                    LOG.warnf("Features provider %s: %s", name, e.getMessage());
                    return new Call(null, e.getMessage().startsWith(name + " ")
                            ? e.getMessage().substring(name.length() + 1) : e.getMessage(), false);
                }
                Duration retryAfter = e.retryAfter().orElse(config.defaultRetryAfter());
                Instant pause = Instant.now().plus(retryAfter);
                pausedUntil.merge(name, pause, (a, b) -> a.isAfter(b) ? a : b);
                LOG.warnf("Features provider %s is rate limiting: paused for %d s (Retry-After)", name,
                        retryAfter.toSeconds());
                if (attempt > 1 || retryAfter.compareTo(config.maxRetryWait()) > 0) {
                    return rateLimited(pausedUntil.get(name));
                }
            } catch (RuntimeException e) {
                LOG.warnf("Features provider %s: %s", name, e.toString());
                return new Call(null, "failed: " + e.getMessage(), false);
            }
        }
        return rateLimited(pausedUntil.getOrDefault(name, Instant.now()));
    }

    private static Call rateLimited(Instant until) {
        return new Call(null, "rate limited (429) until " + until.truncatedTo(ChronoUnit.SECONDS), true);
    }

    /** The provider's breaker, built on first use. */
    private TypedGuard<Uni<Map<String, AudioFeatures>>> guard(String provider) {
        IngestionConfig.Breaker breaker = config.breaker();
        return guards.computeIfAbsent(provider, name -> TypedGuard.create(ANSWER)
                .withDescription("features provider " + name)
                .withCircuitBreaker()
                .name(breakerName(name))
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                // a 429 is the provider asking for a pause, not failing
                .when(e -> !(e instanceof FeaturesProviderException f
                        && f.failure() == FeaturesProviderException.Failure.RATE_LIMITED))
                .onStateChange(state -> LOG.infof("Features provider %s: circuit %s", name, state))
                .done()
                .build());
    }

    static String breakerName(String provider) {
        return "features-provider-" + provider;
    }

    private static void note(Map<String, List<String>> notes, String id, String note) {
        notes.computeIfAbsent(id, k -> new ArrayList<>()).add(note);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(0, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a provider's Retry-After", e);
        }
    }
}
