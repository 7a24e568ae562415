package io.echotune.gateway;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A partner app registered by an operator (API.md "Identity", docs/partners.md): the scopes it may ask for and its
 * limits, {@code ratePerMinute} calls per minute and {@code dailyQuota} calls per UTC day. Never holds its secret.
 */
public record PartnerClient(UUID clientId, String name, List<String> scopes, int ratePerMinute, int dailyQuota,
                            Instant createdAt) {

    /** The answer to a registration: the client and its secret, which is shown this once and never again. */
    public record Registered(UUID clientId, String clientSecret, String name, List<String> scopes, int ratePerMinute,
                             int dailyQuota, Instant createdAt) {
    }

    /** An access token just issued by the client-credentials grant, as RFC 6749 §5.1 answers it. */
    public record IssuedToken(String accessToken, long expiresInSeconds, String scope) {
    }

    /** What a valid partner access token stands for at the moment of a call: its client and its granted scopes. */
    public record Grant(PartnerClient client, java.util.Set<Scope> scopes) {
    }
}
