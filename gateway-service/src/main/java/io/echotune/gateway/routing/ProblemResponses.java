package io.echotune.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes problem+json from the gateway's own route handlers, which run before (or instead of) REST. */
@ApplicationScoped
public class ProblemResponses {

    private final ObjectMapper json;

    public ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    public void send(RoutingContext ctx, Rejection rejection) {
        if (rejection.retryAfterSeconds() > 0 && !ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", Long.toString(rejection.retryAfterSeconds()));
        }
        send(ctx, rejection.problem());
    }

    public void send(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.close();
            return;
        }
        try {
            response.setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            response.setStatusCode(problem.status()).end();
        }
    }
}
