package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Meters {@code /oauth/**} (the partners' token endpoint) by client address before it reaches its resource: each
 * call counts as an anonymous one, an address that has failed to authenticate too often this minute is refused
 * before any client is looked up, and every 401 the endpoint answers (a wrong client or secret) counts as a failed
 * authentication of the address (counted by {@code OAuthTokenResource} before its answer leaves), so guessing client
 * secrets is as slow as guessing access tokens.
 */
@ApplicationScoped
public class TokenEndpointLimiter {

    private static final Logger LOG = Logger.getLogger(TokenEndpointLimiter.class);

    private final AddressLimits limits;
    private final ProblemResponses problems;

    public TokenEndpointLimiter(AddressLimits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    public void handle(RoutingContext ctx) {
        ctx.request().pause();
        limits.refuseAfterFailures(ctx.request())
                .chain(blocked -> blocked.isPresent() ? Uni.createFrom().item(blocked) : limits.admitAnonymous(ctx.request()))
                .subscribe().with(rejection -> admitted(ctx, rejection), failure -> {
                    LOG.error("Metering a token request failed", failure);
                    problems.send(ctx, Problem.serviceUnavailable("The token endpoint is unavailable right now; try again shortly"));
                });
    }

    private void admitted(RoutingContext ctx, Optional<Rejection> rejection) {
        if (rejection.isPresent()) {
            ctx.response().putHeader("Cache-Control", "no-store");
            problems.send(ctx, rejection.get());
            return;
        }
        ctx.request().resume();
        ctx.next();
    }
}
