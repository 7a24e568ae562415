package io.echotune.ingestion.rest;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.ProblemExceptionMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;

/**
 * The one place where MongoDB being out of reach becomes an HTTP answer: a prompt 503 problem with Retry-After
 * instead of a 500 after the driver's default 30 s server selection. The driver says "unreachable" with these
 * exceptions: no server selected in time (MongoTimeoutException, after quarkus.mongodb.server-selection-timeout),
 * a connection that failed or was cut (MongoSocketException and its read/write/open/timeout subclasses), a pool
 * cleared after such a failure, or a replica-set member that is not (or no longer) primary during an election
 * (MongoNotPrimaryException, MongoNodeIsRecoveringException). Every other Mongo error is a real fault and stays
 * with the shared mapper (500 with a reference). The more specific exception class wins over the shared
 * Throwable mapper.
 */
public class StoreUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class);
    /** About one server-selection timeout plus a replica-set election: worth a retry by then. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** The shared mapper writes the problem and its Retry-After header, the same way for every service. */
    private static final ProblemExceptionMappers PROBLEMS = new ProblemExceptionMappers();

    @ServerExceptionMapper({MongoTimeoutException.class, MongoSocketException.class,
            MongoConnectionPoolClearedException.class, MongoNotPrimaryException.class,
            MongoNodeIsRecoveringException.class})
    public Response storeUnavailable(MongoException e) {
        LOG.warnf("MongoDB is unavailable: %s", e.toString());
        return PROBLEMS.apiException(ApiException.serviceUnavailable(
                "The listening-history store cannot be reached right now; try again shortly", RETRY_AFTER));
    }
}
