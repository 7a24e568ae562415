package io.echotune.gateway;

import java.util.Set;
import java.util.UUID;

/**
 * A signed-in caller as the gateway established it: from a personal access token, a browser session, or the
 * operator credential. Only the gateway sees this; services receive it as the signed internal token.
 */
public record Caller(UUID userId, Set<Scope> scopes, Via via) {

    /**
     * The fixed identity of the operator credential (a name-based UUID, so it can never be a user's random one);
     * services see it as the token's subject.
     */
    public static final UUID OPERATOR_ID = UUID.nameUUIDFromBytes("echotune:operator".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** DELEGATION: a service exchanged a user's delegation for background work (service.DelegationService). */
    /** SYNC: the gateway's own Spotify sync hands a user's plays to the history (service.SpotifySyncService). */
    public enum Via { ACCESS_TOKEN, SESSION, OPERATOR, DELEGATION, SYNC }

    public static Caller operator() {
        return new Caller(OPERATOR_ID, Set.of(Scope.ADMIN), Via.OPERATOR);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
