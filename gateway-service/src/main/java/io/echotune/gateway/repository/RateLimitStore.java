package io.echotune.gateway.repository;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window request counters in Redis, shared by every gateway replica. A window's counter expires with
 * the window, so Redis never accumulates them.
 */
@ApplicationScoped
public class RateLimitStore {

    private static final String KEY_PREFIX = "gateway:ratelimit:";

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;

    public RateLimitStore(ReactiveRedisDataSource redis) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
    }

    /** The verdict for one more request by {@code subject} in the current window. */
    public record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    public Uni<Verdict> acquire(String bucket, String subject, int limit, Duration window) {
        return acquire(bucket, subject, limit, window, 1);
    }

    /**
     * Counts {@code cost} units for one request (an LLM call costs more than a cheap read) and answers whether the
     * window still had room for them.
     */
    public Uni<Verdict> acquire(String bucket, String subject, int limit, Duration window, int cost) {
        Window w = Window.now(bucket, subject, window);
        return counters.incrby(w.key, cost)
                .call(count -> count == cost ? keys.expire(w.key, w.seconds + 1) : Uni.createFrom().voidItem())
                .map(count -> new Verdict(count <= limit, w.retryAfter));
    }

    /** Whether {@code subject} is still under {@code limit} in the current window, without counting anything. */
    public Uni<Verdict> check(String bucket, String subject, int limit, Duration window) {
        Window w = Window.now(bucket, subject, window);
        return counters.get(w.key).map(count -> new Verdict(count == null || count < limit, w.retryAfter));
    }

    /**
     * Drops the counters of {@code subject} in {@code bucket} (an erased user's): the current window and the one
     * before it, the only ones that can still exist (each expires one second after its window).
     */
    public Uni<Void> forget(String bucket, String subject, Duration window) {
        Window now = Window.now(bucket, subject, window);
        long index = Long.parseLong(now.key.substring(now.key.lastIndexOf(':') + 1));
        String prefix = KEY_PREFIX + bucket + ":" + subject + ":";
        return keys.del(prefix + (index - 1), prefix + index, prefix + (index + 1)).replaceWithVoid();
    }

    private record Window(String key, long seconds, long retryAfter) {
        static Window now(String bucket, String subject, Duration window) {
            long seconds = window.toSeconds();
            long now = Instant.now().getEpochSecond();
            long index = now / seconds;
            return new Window(KEY_PREFIX + bucket + ":" + subject + ":" + index, seconds, (index + 1) * seconds - now);
        }
    }
}
