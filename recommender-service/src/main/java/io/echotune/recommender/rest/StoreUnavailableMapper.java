package io.echotune.recommender.rest;

import com.mongodb.MongoException;
import io.echotune.commons.store.MongoOutageAnswer;
import io.echotune.recommender.config.RecommenderConfig;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** MongoDB out of reach is a 503 with Retry-After, the same way in every service that reads it (MongoOutageAnswer). */
public class StoreUnavailableMapper {

    private final RecommenderConfig config;

    public StoreUnavailableMapper(RecommenderConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response mongoFailure(MongoException e) {
        return MongoOutageAnswer.to(e, "The taste profile store is unavailable; try again shortly", config.storeRetryAfter());
    }
}
