package io.echotune.gateway.service;

import io.echotune.gateway.Caller;
import io.echotune.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this replica has recently looked up, so that a busy caller costs a PostgreSQL query once per
 * {@code echotune.gateway.access-tokens.cache-ttl} (10 s) instead of once per request (it was the largest share of
 * the gateway's CPU per proxied call). Keyed by the token's SHA-256, never the token.
 * <p>
 * Revoking a token evicts it here and, through the Redis channel {@value #CHANNEL}, on every other replica at once.
 * Only if that message is lost (Redis unreachable at that moment) can another replica still accept the revoked token,
 * for at most the TTL.
 */
@ApplicationScoped
public class AccessTokenCache {

    static final String CHANNEL = "gateway:access-token-revoked";
    private static final Logger LOG = Logger.getLogger(AccessTokenCache.class);

    private record Entry(UUID tokenId, Caller caller, long expiresAtNanos) {
    }

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private final ReactivePubSubCommands<String> pubSub;
    private final long ttlNanos;
    private final int maxEntries;
    private volatile Cancellable subscription;

    public AccessTokenCache(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.pubSub = redis.pubsub(String.class);
        this.ttlNanos = config.accessTokens().cacheTtl().toNanos();
        this.maxEntries = config.accessTokens().cacheSize();
    }

    void listen(@Observes StartupEvent start) {
        if (ttlNanos > 0) {
            subscribe();
        }
    }

    private void subscribe() {
        subscription = pubSub.subscribe(CHANNEL)
                .onFailure().invoke(e -> {
                    LOG.warnf("Lost the token revocation channel (%s); cached tokens now expire by TTL only until it is back", e.getMessage());
                    byHash.clear();
                })
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(this::evict);
    }

    @PreDestroy
    void stop() {
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    public Optional<Caller> find(String tokenHash) {
        Entry e = byHash.get(tokenHash);
        if (e == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - e.expiresAtNanos() > 0) {
            byHash.remove(tokenHash, e);
            return Optional.empty();
        }
        return Optional.of(e.caller());
    }

    public void remember(String tokenHash, UUID tokenId, Caller caller) {
        if (ttlNanos <= 0) {
            return;
        }
        if (byHash.size() >= maxEntries) {
            long now = System.nanoTime();
            byHash.values().removeIf(e -> now - e.expiresAtNanos() > 0);
            if (byHash.size() >= maxEntries) {
                byHash.clear();   // still full of live entries: start over rather than grow
            }
        }
        byHash.put(tokenHash, new Entry(tokenId, caller, System.nanoTime() + ttlNanos));
    }

    /** The token is gone: forget it here now and tell the other replicas. A failed publish does not fail the caller. */
    public Uni<Void> revoked(UUID tokenId) {
        evict(tokenId.toString());
        if (ttlNanos <= 0) {
            return Uni.createFrom().voidItem();
        }
        return pubSub.publish(CHANNEL, tokenId.toString())
                .onFailure().invoke(e -> LOG.warnf("Could not announce the revocation of token %s to other replicas "
                        + "(they drop it within %s): %s", tokenId, Duration.ofNanos(ttlNanos), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private void evict(String tokenId) {
        byHash.values().removeIf(e -> e.tokenId().toString().equals(tokenId));
    }
}
