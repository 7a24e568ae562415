package io.echotune.gateway.routing;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Where a public request enters: every path is checked to be canonical first ({@link CanonicalPathGuard}); then
 * {@code /api/v1/**} is authenticated and either forwarded to the owning service ({@link ServiceRoute}) or handed to
 * the gateway's own REST resources (accounts, tokens), and the anonymous routes (sign-in under {@code /auth}, the
 * partners' token endpoint under {@code /oauth}, the shared playlist page under {@code /shared}) are metered per client
 * address.
 */
@ApplicationScoped
public class ApiRouter {

    /** Before everything else, Quarkus REST and static resources included (they register with positive orders). */
    private static final int CANONICAL_PATH_ORDER = -300;
    private static final int AUTHENTICATION_ORDER = -200;
    private static final int PROXY_ORDER = -100;

    private final CanonicalPathGuard canonicalPaths;
    private final ApiAuthenticationHandler authentication;
    private final AnonymousRouteLimiter anonymousRoutes;
    private final TokenEndpointLimiter tokenEndpoint;
    private final ServiceProxy proxy;

    public ApiRouter(CanonicalPathGuard canonicalPaths, ApiAuthenticationHandler authentication,
                     AnonymousRouteLimiter anonymousRoutes, TokenEndpointLimiter tokenEndpoint, ServiceProxy proxy) {
        this.tokenEndpoint = tokenEndpoint;
        this.canonicalPaths = canonicalPaths;
        this.authentication = authentication;
        this.anonymousRoutes = anonymousRoutes;
        this.proxy = proxy;
    }

    void register(@Observes Router router) {
        router.route().order(CANONICAL_PATH_ORDER).handler(canonicalPaths::handle);
        router.routeWithRegex("^/api/v1(/.*)?$").order(AUTHENTICATION_ORDER).handler(authentication::handle);
        router.routeWithRegex("^/auth(/.*)?$").order(AUTHENTICATION_ORDER).handler(anonymousRoutes::handle);
        router.routeWithRegex("^/oauth(/.*)?$").order(AUTHENTICATION_ORDER).handler(tokenEndpoint::handle);
        router.routeWithRegex(ServiceRoute.SHARED_PLAYLIST_PAGE.pathRegex()).order(AUTHENTICATION_ORDER)
                .handler(anonymousRoutes::handle);
        for (ServiceRoute route : ServiceRoute.values()) {
            router.routeWithRegex(route.pathRegex()).order(PROXY_ORDER).handler(ctx -> proxy.forward(ctx, route));
        }
    }
}
