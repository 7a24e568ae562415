package io.echotune.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "echotune.gateway")
public interface GatewayConfig {

    /** Whether {@code POST /api/v1/auth/local} creates accounts; when off it answers 404. */
    @WithDefault("false")
    boolean localAccountsEnabled();

    /** Base URL of each backend service by name: chat, llm-router, recommender, playlist, ingestion, insights. */
    Map<String, URI> services();

    Session session();

    InternalToken internalToken();

    RateLimit rateLimit();

    Limits limits();

    interface Session {
        /** Name of the browser session cookie. */
        @WithDefault("echotune_session")
        String cookieName();

        /** How long a browser session lasts after sign-in. */
        @WithDefault("P30D")
        Duration ttl();

        /** Mark the cookie Secure; turn on behind TLS (the Kubernetes overlays do). */
        @WithDefault("false")
        boolean secureCookie();
    }

    interface InternalToken {
        /** Lifetime of the identity token forwarded to services: short, so a leaked one is soon useless. */
        @WithDefault("PT60S")
        Duration ttl();
    }

    interface RateLimit {
        /** Requests per minute one user may make through the gateway. */
        @WithDefault("1200")
        int requestsPerUserPerMinute();

        /** Local accounts one client address may create per hour. */
        @WithDefault("30")
        int signUpsPerAddressPerHour();
    }

    interface Limits {
        /** Largest request body forwarded to a service, in bytes, except imports. */
        @WithDefault("2097152")
        long maxBodyBytes();

        /** Largest import upload forwarded to the ingestion service, in bytes. */
        @WithDefault("1073741824")
        long maxImportBytes();

        /** Largest display name or token name accepted, in characters. */
        @WithDefault("100")
        int maxNameLength();

        /** Most personal access tokens one user may hold. */
        @WithDefault("50")
        int maxTokensPerUser();
    }
}
