package io.echotune.gateway.service;

import io.echotune.commons.identity.InternalToken;
import io.echotune.gateway.Caller;
import io.echotune.gateway.config.GatewayConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints the short-lived internal token that carries the caller's identity to the services (RS256, key from
 * configuration). A token is reused for half its lifetime so that an RSA signature is not paid per request.
 */
@ApplicationScoped
public class InternalTokenIssuer {

    private record Minted(String token, Instant reuseUntil) {
    }

    private final Map<String, Minted> recent = new ConcurrentHashMap<>();
    private final Duration ttl;

    public InternalTokenIssuer(GatewayConfig config) {
        this.ttl = config.internalToken().ttl();
    }

    public String tokenFor(Caller caller) {
        String scopes = String.join(" ", AccountService.scopeNames(caller.scopes()));
        String cacheKey = caller.userId() + "|" + scopes;
        Instant now = Instant.now();
        Minted minted = recent.get(cacheKey);
        if (minted == null || now.isAfter(minted.reuseUntil())) {
            if (recent.size() > 10_000) {
                recent.values().removeIf(m -> now.isAfter(m.reuseUntil()));
            }
            String token = Jwt.issuer(InternalToken.ISSUER)
                    .subject(caller.userId().toString())
                    .upn(caller.userId().toString())
                    .audience(InternalToken.AUDIENCE)
                    .claim(InternalToken.SCOPES_CLAIM, scopes)
                    .expiresIn(ttl)
                    .sign();
            minted = new Minted(token, now.plus(ttl.dividedBy(2)));
            recent.put(cacheKey, minted);
        }
        return minted.token();
    }
}
