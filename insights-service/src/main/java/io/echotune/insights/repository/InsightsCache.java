package io.echotune.insights.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.insights.config.InsightsConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Computed insights in Redis, per user. Every user has a generation counter ({@code <prefix>:{user}:generation});
 * cache keys embed it ({@code <prefix>:{user}:g<generation>:<entry>}), so invalidating all of a user's entries is
 * one INCR: later reads look under the new generation and the old entries expire by TTL. A result computed while
 * an invalidation happens is stored under the generation it was read from, so it can never resurface as fresh.
 * <p>
 * Entries that depend on the track catalog (genres, mood) carry the catalog's generation in their entry name (the
 * caller puts it there), so a catalog change reaches them at once without touching anyone's history figures. The
 * single-track part of that generation is counted here ({@code <prefix>:catalog:changes}, a hash of the count and
 * the epoch of the counter).
 * <p>
 * Redis is an accelerator, not a source of truth: when it fails, the insight is computed and returned anyway.
 */
@ApplicationScoped
public class InsightsCache {

    private static final Logger LOG = Logger.getLogger(InsightsCache.class);

    private static final String EPOCH = "epoch";
    private static final String COUNT = "count";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;
    private final ObjectMapper json;
    private final Duration ttl;
    private final String prefix;

    public InsightsCache(ReactiveRedisDataSource redis, ObjectMapper json, InsightsConfig config) {
        this.values = redis.value(String.class, String.class);
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.keys = redis.key(String.class);
        this.json = json;
        this.ttl = config.cacheTtl();
        this.prefix = config.cacheKeyPrefix();
    }

    /**
     * The cached value of {@code entry} (endpoint and normalised parameters) for the user, or {@code compute}'s
     * result, which is then stored.
     */
    public <T> Uni<T> getOrCompute(String userId, String entry, JavaType type, Supplier<Uni<T>> compute) {
        return values.get(generationKey(userId))
                .map(generation -> entryKey(userId, generation == null ? "0" : generation, entry))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Insights cache unavailable, computing without it: %s", e.getMessage());
                    return null;
                })
                .chain(key -> key == null ? compute.get() : readOrCompute(key, type, compute));
    }

    private <T> Uni<T> readOrCompute(String key, JavaType type, Supplier<Uni<T>> compute) {
        return values.get(key)
                .onFailure().recoverWithNull()
                .chain(hit -> {
                    if (hit != null) {
                        T cached = read(hit, type);
                        if (cached != null) {
                            return Uni.createFrom().item(cached);
                        }
                    }
                    return compute.get().call(result -> store(key, result));
                });
    }

    private Uni<Void> store(String key, Object result) {
        String body;
        try {
            body = json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            LOG.warnf("Insight not cacheable: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return values.setex(key, ttl.toSeconds(), body)
                .onFailure().invoke(e -> LOG.warnf("Could not cache %s: %s", key, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private <T> T read(String body, JavaType type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            // An entry written by an older build with another shape: recompute and overwrite it.
            LOG.debugf("Unreadable cache entry ignored: %s", e.getMessage());
            return null;
        }
    }

    /** Makes every cached insight of the user stale (O(1)); returns the new generation. */
    public Uni<Long> invalidate(String userId) {
        return values.incr(generationKey(userId));
    }

    /**
     * Invalidates the user's entries and lets the counter itself expire once every entry it could protect is gone:
     * an erased user never comes back under the same id.
     */
    public Uni<Void> forget(String userId) {
        String key = generationKey(userId);
        return values.incr(key).chain(() -> keys.expire(key, ttl.multipliedBy(2))).replaceWithVoid();
    }

    /** Single-track catalog changes announced so far (NONE before the first); null when Redis cannot be asked. */
    public Uni<CatalogChanges> catalogTrackChanges() {
        return hashes.hgetall(catalogChangesKey())
                .map(fields -> fields == null || fields.isEmpty() ? CatalogChanges.NONE
                        : new CatalogChanges(fields.getOrDefault(EPOCH, ""), Long.parseLong(fields.getOrDefault(COUNT, "0"))))
                .onFailure().recoverWithNull();
    }

    /**
     * Counts one catalog change: every cached insight that depends on the catalog becomes stale, for all users (O(1)).
     * The epoch is set only when the counter is created, so a counter Redis lost is recognisably a new one.
     */
    public Uni<Void> countCatalogChange() {
        String key = catalogChangesKey();
        return hashes.hsetnx(key, EPOCH, UUID.randomUUID().toString())
                .chain(() -> hashes.hincrby(key, COUNT, 1))
                .replaceWithVoid();
    }

    String catalogChangesKey() {
        return prefix + ":catalog:changes";
    }

    String generationKey(String userId) {
        // {userId} is a Redis Cluster hash tag: all keys of one user live on one shard.
        return prefix + ":{" + userId + "}:generation";
    }

    private String entryKey(String userId, String generation, String entry) {
        return prefix + ":{" + userId + "}:g" + generation + ":" + entry;
    }
}
