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
        long windowSeconds = window.toSeconds();
        long now = Instant.now().getEpochSecond();
        long windowIndex = now / windowSeconds;
        long retryAfter = (windowIndex + 1) * windowSeconds - now;
        String key = KEY_PREFIX + bucket + ":" + subject + ":" + windowIndex;
        return counters.incr(key).call(count -> count == 1 ? keys.expire(key, windowSeconds + 1) : Uni.createFrom().voidItem())
                .map(count -> new Verdict(count <= limit, retryAfter));
    }
}
