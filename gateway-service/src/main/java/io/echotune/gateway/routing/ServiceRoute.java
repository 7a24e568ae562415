package io.echotune.gateway.routing;

import java.util.Optional;
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
    INSIGHTS("insights", "/api/v1/insights"),
    /** A shared playlist's JSON: public, read-only, metered per address (API.md "Playlists"). */
    SHARED_PLAYLIST("playlist", "/api/v1/shared", true),
    /** A shared playlist's HTML page: public, read-only, metered per address. */
    SHARED_PLAYLIST_PAGE("playlist", "/shared", true);

    private final String service;
    private final String prefix;
    private final boolean isPublic;

    ServiceRoute(String service, String prefix) {
        this(service, prefix, false);
    }

    ServiceRoute(String service, String prefix, boolean isPublic) {
        this.service = service;
        this.prefix = prefix;
        this.isPublic = isPublic;
    }

    /**
     * A public route is forwarded for anyone (GET and HEAD only), without a caller and so without an internal token;
     * the service must answer it without credentials, and the gateway meters it per client address.
     */
    public boolean isPublic() {
        return isPublic;
    }

    /** The public route {@code path} falls under, if any. */
    public static Optional<ServiceRoute> publicRouteOf(String path) {
        for (ServiceRoute route : values()) {
            if (route.isPublic && (path.equals(route.prefix) || path.startsWith(route.prefix + "/"))) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
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
