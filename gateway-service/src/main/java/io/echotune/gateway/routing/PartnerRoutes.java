package io.echotune.gateway.routing;

import io.echotune.gateway.Scope;
import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every route a partner access token may call, each matched on exactly the method and the whole canonical path that
 * is dispatched (never a prefix: {@link CanonicalPath} has already refused {@code ..}, {@code %}, {@code ;} and the
 * like), with the partner scope it needs. Nothing else is open to a partner: no personal route (history, imports,
 * chats, playlists, {@code /me}), no feedback, no admin route.
 */
public final class PartnerRoutes {

    /** A route open to partners; {@code name} is its tag in the partner metrics. */
    public record Route(String name, Set<HttpMethod> methods, Pattern path, Scope scope) {
        boolean matches(HttpMethod method, String canonicalPath) {
            return methods.contains(method) && path.matcher(canonicalPath).matches();
        }
    }

    /** The metrics tag of a call on a route no partner may call. */
    public static final String NO_ROUTE = "none";

    static final List<Route> ROUTES = List.of(
            new Route("interpret", Set.of(HttpMethod.POST), Pattern.compile("^/api/v1/llm/interpret$"),
                    Scope.PARTNER_INTERPRET),
            new Route("recommendations", Set.of(HttpMethod.POST), Pattern.compile("^/api/v1/recommendations$"),
                    Scope.PARTNER_RECOMMEND),
            // share codes are base64url (playlist-service ShareService)
            new Route("shared-playlist", Set.of(HttpMethod.GET, HttpMethod.HEAD),
                    Pattern.compile("^/api/v1/shared/[A-Za-z0-9_-]{1,64}$"), Scope.PARTNER_SHARED));

    private PartnerRoutes() {
    }

    /** The partner route {@code method} on {@code canonicalPath} is, if any. */
    public static Optional<Route> match(HttpMethod method, String canonicalPath) {
        for (Route route : ROUTES) {
            if (route.matches(method, canonicalPath)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}
