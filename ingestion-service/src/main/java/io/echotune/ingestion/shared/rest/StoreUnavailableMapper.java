package io.echotune.ingestion.shared.rest;

import com.mongodb.MongoException;
import io.echotune.commons.store.MongoOutageAnswer;
import io.echotune.commons.store.PostgresOutageAnswer;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * A store out of reach is a 503 with Retry-After naming it, the same way in every service that reads it: MongoDB
 * (listening history; MongoOutageAnswer) and PostgreSQL (import jobs, catalog loads; PostgresOutageAnswer).
 */
public class StoreUnavailableMapper {

    /** About one server-selection timeout plus a replica-set election: worth a retry by then. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final PostgresOutageAnswer postgres;

    public StoreUnavailableMapper(Pool pool) {
        this.postgres = new PostgresOutageAnswer(pool, "The import store", PostgresOutageAnswer.RETRY_AFTER);
    }

    @ServerExceptionMapper
    public Response mongoFailure(MongoException e) {
        return MongoOutageAnswer.to(e, "The listening-history store cannot be reached right now; try again shortly", RETRY_AFTER);
    }

    /**
     * The types a PostgreSQL failure reaches a resource as: the socket's (refused, reset) or the client's own (closed
     * connection, server error, the pool's timeout) raw, or wrapped by Mutiny; whatever else arrives as one of these
     * stays the shared 500.
     */
    @ServerExceptionMapper({SocketException.class, ClosedChannelException.class, VertxException.class,
            NoStackTraceThrowable.class, CompletionException.class, CompositeException.class})
    public Uni<Response> postgresFailure(Throwable e) {
        return postgres.to(e);
    }
}
