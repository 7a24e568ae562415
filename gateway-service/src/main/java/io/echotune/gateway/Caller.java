package io.echotune.gateway;

import java.util.Set;
import java.util.UUID;

/**
 * A signed-in caller as the gateway established it: from a personal access token or a browser session.
 * Only the gateway sees this; services receive it as the signed internal token.
 */
public record Caller(UUID userId, Set<Scope> scopes, Via via) {

    public enum Via { ACCESS_TOKEN, SESSION }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
