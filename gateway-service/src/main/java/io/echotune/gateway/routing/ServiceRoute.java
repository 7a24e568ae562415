package io.echotune.gateway.routing;

import java.util.regex.Pattern;

/**
 * The public path prefixes the gateway forwards, and the service that owns each. Paths not listed here are
 * answered by the gateway itself (accounts, tokens) or are unknown (404).
 */
public enum ServiceRoute {
    CHAT("chat", "/api/v1/chat"),
    LANGUAGE("llm-router", "/api/v1/llm"),
    RECOMMENDATIONS("recommender", "/api/v1/recommendations"),
    PLAYLISTS("playlist", "/api/v1/playlists"),
    IMPORTS("ingestion", "/api/v1/imports"),
    HISTORY("ingestion", "/api/v1/history"),
    /** The track catalog's admin endpoints (operator credential only; see ApiAuthenticationHandler). */
    CATALOG_ADMIN("ingestion", "/api/v1/admin/catalog"),
    INSIGHTS("insights", "/api/v1/insights");

    private final String service;
    private final String prefix;

    ServiceRoute(String service, String prefix) {
        this.service = service;
        this.prefix = prefix;
    }

    /** The service name, as in {@code echotune.gateway.services.<name>}. */
    public String service() {
        return service;
    }

    /** Matches the prefix itself and everything below it, not paths that merely start with the same letters. */
    public String pathRegex() {
        return "^" + Pattern.quote(prefix) + "(/.*)?$";
    }

    /** Imports and catalog uploads are the routes that carry large bodies. */
    public boolean carriesUploads() {
        return this == IMPORTS || this == CATALOG_ADMIN;
    }
}
