package io.echotune.gateway.repository;

import io.echotune.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Sign-ins in flight: the OAuth {@code state} maps to the PKCE code verifier and the hash of the browser binding
 * (the secret in the pre-auth cookie of the browser that started the sign-in) until Spotify sends the browser back.
 * Taken with GETDEL, so a state works once.
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

    /** A started sign-in: the PKCE verifier, and the SHA-256 (hex) of its browser binding. */
    public record PendingSignIn(String codeVerifier, String bindingHash) {
    }

    public Uni<Void> remember(String state, PendingSignIn pending) {
        // Neither value holds a space (base64url and hex), so one space separates them.
        return values.setex(KEY_PREFIX + state, ttl.toSeconds(), pending.codeVerifier() + " " + pending.bindingHash());
    }

    public Uni<Optional<PendingSignIn>> take(String state) {
        return values.getdel(KEY_PREFIX + state).map(stored -> {
            int space = stored == null ? -1 : stored.indexOf(' ');
            return space < 0 ? Optional.empty()
                    : Optional.of(new PendingSignIn(stored.substring(0, space), stored.substring(space + 1)));
        });
    }
}
