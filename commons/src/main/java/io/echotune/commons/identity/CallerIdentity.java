package io.echotune.commons.identity;

import io.echotune.commons.problem.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, as proven by the gateway-signed internal token. Services scope every read and write
 * by {@link #userId()}; resources never take a user id from the request.
 */
@RequestScoped
public class CallerIdentity {

    private final SecurityIdentity identity;

    public CallerIdentity(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String userId() {
        if (identity.isAnonymous()) {
            throw ApiException.unauthorized("Valid credentials are required");
        }
        return identity.getPrincipal().getName();
    }
}
