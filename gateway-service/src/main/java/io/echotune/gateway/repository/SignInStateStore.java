package io.echotune.gateway.repository;

import io.echotune.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Sign-ins in flight: the OAuth {@code state} maps to the PKCE code verifier until Spotify sends the browser
 * back. Taken with GETDEL, so a state works once.
 */
@ApplicationScoped
public class SignInStateStore {

    private static final String KEY_PREFIX = "gateway:signin:";

    private final ReactiveValueCommands<String, String> values;
    private final Duration ttl;

    public SignInStateStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class);
        this.ttl = config.spotify().signInTimeout();
    }

    public Uni<Void> remember(String state, String codeVerifier) {
        return values.setex(KEY_PREFIX + state, ttl.toSeconds(), codeVerifier);
    }

    public Uni<Optional<String>> take(String state) {
        return values.getdel(KEY_PREFIX + state).map(Optional::ofNullable);
    }
}
