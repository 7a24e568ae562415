package io.echotune.gateway.repository;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Partner access tokens in Redis, under {@code gateway:partner-token:<sha-256 of the token>} (never the token) with
 * the token's lifetime as TTL, so an expired token is simply gone. The value is
 * {@code <clientId> <scope> <scope>...}: the client it was issued to and the scopes granted.
 */
@ApplicationScoped
public class PartnerTokenStore {

    static final String KEY_PREFIX = "gateway:partner-token:";

    /** What a stored token was issued for. */
    public record StoredGrant(String clientId, String scopes) {
    }

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;

    public PartnerTokenStore(ReactiveRedisDataSource redis) {
        this.values = redis.value(String.class, String.class);
        this.keys = redis.key(String.class);
    }

    public Uni<Void> save(String tokenHash, String clientId, String scopes, Duration ttl) {
        return values.set(KEY_PREFIX + tokenHash, clientId + " " + scopes, new SetArgs().ex(ttl));
    }

    public Uni<Optional<StoredGrant>> find(String tokenHash) {
        return values.get(KEY_PREFIX + tokenHash).map(value -> {
            if (value == null) {
                return Optional.empty();
            }
            int space = value.indexOf(' ');
            return space < 0 ? Optional.empty()
                    : Optional.of(new StoredGrant(value.substring(0, space), value.substring(space + 1)));
        });
    }

    public Uni<Void> delete(String tokenHash) {
        return keys.del(KEY_PREFIX + tokenHash).replaceWithVoid();
    }
}
