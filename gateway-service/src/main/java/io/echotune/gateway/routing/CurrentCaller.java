package io.echotune.gateway.routing;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.Caller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** The caller that {@link ApiAuthenticationHandler} established for the current request. */
@ApplicationScoped
public class CurrentCaller {

    static final String ATTRIBUTE = Caller.class.getName();

    private final CurrentVertxRequest request;

    public CurrentCaller(CurrentVertxRequest request) {
        this.request = request;
    }

    public Caller get() {
        Caller caller = request.getCurrent() == null ? null : request.getCurrent().get(ATTRIBUTE);
        if (caller == null) {
            throw ApiException.unauthorized("Valid credentials are required");
        }
        return caller;
    }
}
