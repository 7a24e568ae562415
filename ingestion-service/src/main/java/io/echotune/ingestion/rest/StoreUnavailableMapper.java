package io.echotune.ingestion.rest;

import com.mongodb.MongoException;
import io.echotune.commons.store.MongoOutageAnswer;
import java.time.Duration;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** MongoDB out of reach is a 503 with Retry-After, the same way in every service that reads it (MongoOutageAnswer). */
public class StoreUnavailableMapper {

    /** About one server-selection timeout plus a replica-set election: worth a retry by then. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    @ServerExceptionMapper
    public Response mongoFailure(MongoException e) {
        return MongoOutageAnswer.to(e, "The listening-history store cannot be reached right now; try again shortly", RETRY_AFTER);
    }
}
