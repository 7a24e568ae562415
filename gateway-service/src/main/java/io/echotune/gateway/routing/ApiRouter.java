package io.echotune.gateway.routing;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Where a public request enters: {@code /api/v1/**} is authenticated first, then either forwarded to the
 * owning service ({@link ServiceRoute}) or handed to the gateway's own REST resources (accounts, tokens).
 */
@ApplicationScoped
public class ApiRouter {

    /** Before Quarkus REST (which registers with a positive order) so that resources see the caller. */
    private static final int AUTHENTICATION_ORDER = -200;
    private static final int PROXY_ORDER = -100;

    private final ApiAuthenticationHandler authentication;
    private final ServiceProxy proxy;

    public ApiRouter(ApiAuthenticationHandler authentication, ServiceProxy proxy) {
        this.authentication = authentication;
        this.proxy = proxy;
    }

    void register(@Observes Router router) {
        router.routeWithRegex("^/api/v1(/.*)?$").order(AUTHENTICATION_ORDER).handler(authentication::handle);
        for (ServiceRoute route : ServiceRoute.values()) {
            router.routeWithRegex(route.pathRegex()).order(PROXY_ORDER).handler(ctx -> proxy.forward(ctx, route));
        }
    }
}
