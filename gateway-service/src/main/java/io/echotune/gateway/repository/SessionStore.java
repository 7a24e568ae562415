package io.echotune.gateway.repository;

import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.service.Secrets;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Browser sessions in Redis: the cookie holds a random session id; Redis holds only its hash, so a dump of
 * Redis does not hand out live sessions.
 */
@ApplicationScoped
public class SessionStore {

    private static final String KEY_PREFIX = "gateway:session:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration ttl;

    public SessionStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.ttl = config.session().ttl();
    }

    /** Starts a session for the user and returns the session id to put in the cookie. */
    public Uni<String> open(UUID userId) {
        String sessionId = Secrets.newSessionId();
        return values.setex(key(sessionId), ttl.toSeconds(), userId.toString()).replaceWith(sessionId);
    }

    public Uni<Optional<UUID>> find(String sessionId) {
        return values.get(key(sessionId)).map(userId -> Optional.ofNullable(userId).map(UUID::fromString));
    }

    public Uni<Void> close(String sessionId) {
        return keys.del(key(sessionId)).replaceWithVoid();
    }

    private static String key(String sessionId) {
        return KEY_PREFIX + Secrets.sha256Hex(sessionId);
    }
}
