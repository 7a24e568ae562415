package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Meters the public routes outside {@code /api/v1} that anyone may call without credentials (the Spotify sign-in
 * start and callback, sign-out) by client address, before they reach their resources.
 */
@ApplicationScoped
public class AnonymousRouteLimiter {

    private static final Logger LOG = Logger.getLogger(AnonymousRouteLimiter.class);

    private final AddressLimits limits;
    private final ProblemResponses problems;

    public AnonymousRouteLimiter(AddressLimits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    public void handle(RoutingContext ctx) {
        ctx.request().pause();
        limits.admitAnonymous(ctx.request()).subscribe().with(rejection -> {
            if (rejection.isPresent()) {
                problems.send(ctx, rejection.get());
            } else {
                ctx.request().resume();
                ctx.next();
            }
        }, failure -> {
            LOG.error("Metering an anonymous request failed", failure);
            problems.send(ctx, Problem.serviceUnavailable("Sign-in is unavailable right now; try again shortly"));
        });
    }
}
