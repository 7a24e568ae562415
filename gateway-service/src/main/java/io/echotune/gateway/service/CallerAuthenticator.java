package io.echotune.gateway.service;

import io.echotune.gateway.Caller;
import io.echotune.gateway.Scope;
import io.echotune.gateway.repository.AccessTokenRepository;
import io.echotune.gateway.repository.SessionStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Turns the credential a request presents (the operator credential, an access token or a session cookie) into a
 * {@link Caller}.
 */
@ApplicationScoped
public class CallerAuthenticator {

    /** How stale a token's last-used time may get before we write it again. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(10);

    private final AccessTokenRepository tokens;
    private final SessionStore sessions;
    private final OperatorCredential operator;
    private final AccessTokenCache recentlyVerified;

    public CallerAuthenticator(AccessTokenRepository tokens, SessionStore sessions, OperatorCredential operator,
                               AccessTokenCache recentlyVerified) {
        this.recentlyVerified = recentlyVerified;
        this.tokens = tokens;
        this.sessions = sessions;
        this.operator = operator;
    }

    /** A bearer value: the operator credential when it is that, else a personal access token. */
    public Uni<Optional<Caller>> byBearer(String token) {
        Optional<Caller> asOperator = operator.match(token);
        return asOperator.isPresent() ? Uni.createFrom().item(asOperator) : byAccessToken(token);
    }

    public Uni<Optional<Caller>> byAccessToken(String token) {
        if (!Secrets.looksLikeAccessToken(token)) {
            return Uni.createFrom().item(Optional.empty());
        }
        String hash = Secrets.sha256Hex(token);
        Optional<Caller> recent = recentlyVerified.find(hash);
        return recent.isPresent() ? Uni.createFrom().item(recent) : lookUp(hash);
    }

    @WithSession
    Uni<Optional<Caller>> lookUp(String hash) {
        return tokens.findByHash(hash).chain(found -> {
            if (found == null) {
                return Uni.createFrom().item(Optional.<Caller>empty());
            }
            EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String name : found.scopes.split(" ")) {
                // a stored scope a user may not hold (admin) is ignored
                Scope.fromWireName(name).filter(Scope::grantable).ifPresent(scopes::add);
            }
            Caller caller = new Caller(found.userId, scopes, Caller.Via.ACCESS_TOKEN);
            recentlyVerified.remember(hash, found.id, caller);
            Instant now = Instant.now();
            Instant staleBefore = now.minus(LAST_USED_RESOLUTION);
            if (found.lastUsedAt != null && !found.lastUsedAt.isBefore(staleBefore)) {
                return Uni.createFrom().item(Optional.of(caller));
            }
            // Most calls stop above; only a stale last-used time costs a write.
            return Panache.withTransaction(() -> tokens.touch(found.id, now, staleBefore)).replaceWith(Optional.of(caller));
        });
    }

    public Uni<Optional<Caller>> bySession(String sessionId) {
        return sessions.find(sessionId)
                .map(user -> user.map(id -> new Caller(id, Scope.ALL, Caller.Via.SESSION)));
    }
}
