package io.echotune.commons.identity;

/**
 * The short-lived token the gateway mints for every call it forwards, and that every service verifies
 * itself with the gateway's public key (smallrye-jwt, configured in META-INF/microprofile-config.properties).
 * No service trusts a bare user-id header.
 */
public final class InternalToken {

    public static final String ISSUER = "echotune-gateway";
    public static final String AUDIENCE = "echotune-services";
    /** Claim holding the scopes of the credential the caller presented at the gateway. */
    public static final String SCOPES_CLAIM = "scope";
    /**
     * Claim holding the user's preferences (API.md "Providers and preferences") as a JSON object:
     * {@code llmProvider}, {@code novelty}, {@code explicitContent}. The gateway owns them; carrying them in the
     * token spares every service a call back to the gateway.
     */
    public static final String PREFERENCES_CLAIM = "prefs";

    private InternalToken() {
    }
}
