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

    /**
     * DELEGATION: a service exchanged a user's delegation for background work (service.DelegationService).
     * PARTNER: a partner app's access token (service.PartnerTokenService); the caller is no user.
     * SYNC: the gateway's own Spotify sync hands a user's plays to the history (service.SpotifySyncService).
     */
    public enum Via { ACCESS_TOKEN, SESSION, OPERATOR, DELEGATION, PARTNER, SYNC }

    public static Caller operator() {
        return new Caller(OPERATOR_ID, Set.of(Scope.ADMIN), Via.OPERATOR);
    }

    /**
     * A partner app, as services see it: a name-based UUID of its client id (version 3, so never a user's random
     * version-4 id) that owns no data anywhere, with only its granted partner scopes.
     */
    public static Caller partner(UUID clientId, Set<Scope> grantedScopes) {
        return new Caller(partnerSubject(clientId), Set.copyOf(grantedScopes), Via.PARTNER);
    }

    /** The identity a partner client's calls carry to the services (the internal token's subject). */
    public static UUID partnerSubject(UUID clientId) {
        return UUID.nameUUIDFromBytes(("echotune:partner:" + clientId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
