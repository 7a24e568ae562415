package io.echotune.recommender.rest;

import io.echotune.commons.store.MongoAvailability;
import com.mongodb.MongoException;
import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.ProblemExceptionMappers;
import io.echotune.recommender.config.RecommenderConfig;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place this service turns "MongoDB cannot answer right now" into an answer: a 503 problem with Retry-After,
 * instead of the shared mapper's 500, so clients and the gateway know to come back rather than report a bug. Which
 * driver failures count is {@link MongoAvailability} (no server selected within
 * {@code quarkus.mongodb.server-selection-timeout}, a broken or timed-out connection, a primary stepping down,
 * maxTimeMS spent); every other driver error stays the shared mapper's 500 with a reference.
 */
public class StoreUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class);

    private final ProblemExceptionMappers problems = new ProblemExceptionMappers();
    private final RecommenderConfig config;

    public StoreUnavailableMapper(RecommenderConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response mongoFailure(MongoException e) {
        if (!MongoAvailability.isUnavailable(e)) {
            return problems.unexpected(e);
        }
        // One line, no stack trace: during an outage every request fails the same way.
        LOG.warnf("MongoDB unavailable, answering 503: %s", e.toString());
        return problems.apiException(ApiException.serviceUnavailable(
                "The taste profile store is unavailable; try again shortly", config.storeRetryAfter()));
    }
}
