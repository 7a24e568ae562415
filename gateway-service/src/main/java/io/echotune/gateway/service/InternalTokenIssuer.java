package io.echotune.gateway.service;

import io.echotune.commons.identity.InternalToken;
import io.echotune.gateway.Caller;
import io.echotune.gateway.config.GatewayConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints the short-lived internal token that carries the caller's identity and preferences to the services (RS256,
 * key from configuration). A token is reused for half its lifetime so that neither an RSA signature nor a
 * preferences read is paid per request; changing preferences drops the user's reusable tokens.
 */
@ApplicationScoped
public class InternalTokenIssuer {

    private record Minted(String token, Instant reuseUntil) {
    }

    private final Map<String, Minted> recent = new ConcurrentHashMap<>();
    private final PreferencesService preferences;
    private final Duration ttl;

    public InternalTokenIssuer(PreferencesService preferences, GatewayConfig config) {
        this.preferences = preferences;
        this.ttl = config.internalToken().ttl();
    }

    public Uni<String> tokenFor(Caller caller) {
        String scopes = String.join(" ", AccountService.scopeNames(caller.scopes()));
        String cacheKey = caller.userId() + "|" + scopes;
        Instant now = Instant.now();
        Minted minted = recent.get(cacheKey);
        if (minted != null && !now.isAfter(minted.reuseUntil())) {
            return Uni.createFrom().item(minted.token());
        }
        return preferences.of(caller.userId()).map(prefs -> {
            if (recent.size() > 10_000) {
                recent.values().removeIf(m -> now.isAfter(m.reuseUntil()));
            }
            String token = Jwt.issuer(InternalToken.ISSUER)
                    .subject(caller.userId().toString())
                    .upn(caller.userId().toString())
                    .audience(InternalToken.AUDIENCE)
                    .claim(InternalToken.SCOPES_CLAIM, scopes)
                    .claim(InternalToken.PREFERENCES_CLAIM, prefs.asClaim())
                    .expiresIn(ttl)
                    .sign();
            recent.put(cacheKey, new Minted(token, now.plus(ttl.dividedBy(2))));
            return token;
        });
    }

    void forget(@Observes PreferencesService.Changed change) {
        forget(change.userId());
    }

    /** Drops the user's reusable tokens (preferences changed, or the account was erased). */
    public void forget(java.util.UUID userId) {
        String prefix = userId + "|";
        recent.keySet().removeIf(key -> key.startsWith(prefix));
    }
}
