package io.echotune.insights.rest;

import com.mongodb.MongoException;
import io.echotune.commons.store.MongoOutageAnswer;
import io.echotune.insights.config.InsightsConfig;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** MongoDB out of reach is a 503 with Retry-After, the same way in every service that reads it (MongoOutageAnswer). */
public class StoreUnavailableMapper {

    private final InsightsConfig config;

    public StoreUnavailableMapper(InsightsConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response mongoFailure(MongoException e) {
        return MongoOutageAnswer.to(e, "The listening history store is unavailable; try again shortly", config.storeRetryAfter());
    }
}
