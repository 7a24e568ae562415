package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The first handler of every request: a path that is not canonical ({@link CanonicalPath}) is answered 400
 * before any rule keyed on the path (authentication, scopes, rate limits, routing) sees it.
 */
@ApplicationScoped
public class CanonicalPathGuard {

    private final ProblemResponses problems;

    public CanonicalPathGuard(ProblemResponses problems) {
        this.problems = problems;
    }

    public void handle(RoutingContext ctx) {
        Optional<String> problem = CanonicalPath.problemWith(ctx.request().path());
        if (problem.isPresent()) {
            ctx.response().putHeader("Connection", "close");
            problems.send(ctx, Problem.badRequest(problem.get()));
        } else {
            ctx.next();
        }
    }
}
