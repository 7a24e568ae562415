package io.echotune.gateway.repository;

import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.service.Secrets;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Browser sessions in Redis: the cookie holds a random session id; Redis holds only its hash, so a dump of
 * Redis does not hand out live sessions. Each user's session keys are also listed in a set
 * ({@code gateway:user-sessions:<userId>}, living as long as the newest session), so that erasing an account ends
 * all its sessions at once.
 */
@ApplicationScoped
public class SessionStore {

    private static final String KEY_PREFIX = "gateway:session:";
    private static final String USER_SESSIONS_PREFIX = "gateway:user-sessions:";
    private static final int SWEEP_BATCH = 500;

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final ReactiveSetCommands<String, String> sets;
    private final Duration ttl;

    public SessionStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.sets = redis.set(String.class);
        this.ttl = config.session().ttl();
    }

    /** Starts a session for the user and returns the session id to put in the cookie. */
    public Uni<String> open(UUID userId) {
        String sessionId = Secrets.newSessionId();
        String key = key(sessionId);
        String index = userSessionsKey(userId);
        return values.setex(key, ttl.toSeconds(), userId.toString())
                .chain(() -> sets.sadd(index, key))
                .chain(() -> keys.expire(index, ttl.toSeconds()))
                .replaceWith(sessionId);
    }

    /**
     * Ends every session of the user listed in their set, and the set. Sessions opened before the set existed are
     * found by {@link #sweep(UUID)}.
     */
    public Uni<Integer> closeAll(UUID userId) {
        String index = userSessionsKey(userId);
        return sets.smembers(index).chain(members -> {
            List<String> doomed = new java.util.ArrayList<>(members);
            doomed.add(index);
            return keys.del(doomed.toArray(String[]::new));
        });
    }

    /**
     * Looks at every session in Redis and ends those of the user (SCAN, in batches: never blocks Redis). Slow on a
     * large keyspace, so the erasure runs it off the request path, after {@link #closeAll(UUID)} has already ended
     * every indexed session.
     */
    public Uni<Integer> sweep(UUID userId) {
        String owner = userId.toString();
        return keys.scan(new KeyScanArgs().match(KEY_PREFIX + "*").count(SWEEP_BATCH)).toMulti()
                .group().intoLists().of(SWEEP_BATCH)
                .onItem().transformToUniAndConcatenate(batch -> values.mget(batch.toArray(String[]::new))
                        .chain(found -> {
                            String[] doomed = found.entrySet().stream()
                                    .filter(e -> owner.equals(e.getValue()))
                                    .map(Map.Entry::getKey).toArray(String[]::new);
                            return doomed.length == 0 ? Uni.createFrom().item(0) : keys.del(doomed);
                        }))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    public Uni<Optional<UUID>> find(String sessionId) {
        return values.get(key(sessionId)).map(userId -> Optional.ofNullable(userId).map(UUID::fromString));
    }

    public Uni<Void> close(String sessionId) {
        return keys.del(key(sessionId)).replaceWithVoid();
    }

    private static String userSessionsKey(UUID userId) {
        return USER_SESSIONS_PREFIX + userId;
    }

    private static String key(String sessionId) {
        return KEY_PREFIX + Secrets.sha256Hex(sessionId);
    }
}
