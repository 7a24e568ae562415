package io.echotune.recommender.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.echotune.commons.problem.ProblemExceptionMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A field of the wrong type ({@code "count": "many"}) raises a {@link MismatchedInputException}, for which Quarkus REST
 * has its own built-in mapper, more specific than the shared one for Jackson errors: it answers a plain 400 whose body
 * names the field in dev and test mode but is empty in production. This routes it back to the shared problem+json.
 * (The same gap exists in every service; its natural home is {@code commons}' {@link ProblemExceptionMappers}.)
 */
public class MismatchedInputProblem {

    private final ProblemExceptionMappers shared = new ProblemExceptionMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return shared.unreadableJson(e);
    }
}
