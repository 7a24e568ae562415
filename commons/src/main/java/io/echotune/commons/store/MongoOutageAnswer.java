package io.echotune.commons.store;

import com.mongodb.MongoException;
import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.ProblemExceptionMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The HTTP answer to a MongoDB driver failure, the same in every service that reads MongoDB: a 503 problem with
 * Retry-After while the store cannot answer ({@link MongoAvailability}), so clients and the gateway come back instead
 * of reporting a bug; any other driver error is the shared mapper's 500 with a reference. Each such service keeps a
 * one-method {@code @ServerExceptionMapper} that calls this (the mapper cannot live here: services without MongoDB
 * must not see a mapper of driver types).
 */
public final class MongoOutageAnswer {

    private static final Logger LOG = Logger.getLogger(MongoOutageAnswer.class);
    private static final ProblemExceptionMappers PROBLEMS = new ProblemExceptionMappers();

    private MongoOutageAnswer() {
    }

    /** {@code detail} tells the user what is unavailable ("The taste profile store is unavailable; try again shortly"). */
    public static Response to(MongoException e, String detail, Duration retryAfter) {
        if (!MongoAvailability.isUnavailable(e)) {
            return PROBLEMS.unexpected(e);
        }
        // One line, no stack trace: during an outage every request fails the same way.
        LOG.warnf("MongoDB unavailable, answering 503: %s", e.toString());
        return PROBLEMS.apiException(ApiException.serviceUnavailable(detail, retryAfter));
    }
}
