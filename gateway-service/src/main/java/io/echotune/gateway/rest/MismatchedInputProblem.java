package io.echotune.gateway.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.echotune.commons.problem.ProblemExceptionMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A body of the wrong shape or a field of the wrong type ({@code "ratePerMinute": "fast"}, {@code []}) raises a
 * {@link MismatchedInputException}, for which Quarkus REST has its own built-in mapper, more specific than the shared
 * one for Jackson errors: a plain 400 with an empty body in production. This routes it back to the shared
 * problem+json, as recommender-service's mapper of the same name does (its natural home is commons).
 */
public class MismatchedInputProblem {

    private final ProblemExceptionMappers shared = new ProblemExceptionMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return shared.unreadableJson(e);
    }
}
