package io.echotune.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Attributes every partner call to its client in metrics: {@code echotune_gateway_partner_requests_total} with tags
 * {@code partner} (the client id), {@code route} (a name from routing.PartnerRoutes, or {@code none} for a route no
 * partner may call) and {@code outcome}; and {@code echotune_gateway_partner_tokens_total} for the token endpoint.
 * Tag values are bounded: client ids by the number of registered clients (an unknown id is counted as
 * {@code unknown}), routes and outcomes by fixed lists.
 */
@ApplicationScoped
public class PartnerMetrics {

    /** How a partner call ended at the gateway. */
    public enum Outcome {
        /** Passed on to the service. */
        ADMITTED,
        /** The token does not open this route. */
        FORBIDDEN,
        /** Over the client's per-minute rate. */
        RATE_LIMITED,
        /** Over the client's daily quota. */
        QUOTA_EXCEEDED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String UNKNOWN_CLIENT = "unknown";

    private final MeterRegistry registry;

    public PartnerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void call(String clientId, String route, Outcome outcome) {
        Counter.builder("echotune_gateway_partner_requests")
                .description("Partner API calls by client, route and how the gateway answered them")
                .tag("partner", clientId).tag("route", route).tag("outcome", outcome.tag())
                .register(registry).increment();
    }

    /** A token request; {@code clientId} only when the client was authenticated, else {@link #UNKNOWN_CLIENT}. */
    public void tokenRequest(String clientId, String outcome) {
        Counter.builder("echotune_gateway_partner_tokens")
                .description("Token requests at POST /oauth/token by client and outcome (issued or the OAuth error)")
                .tag("partner", clientId).tag("outcome", outcome)
                .register(registry).increment();
    }
}
