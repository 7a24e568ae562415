package io.echotune.gateway.rest;

import io.echotune.commons.store.PostgresOutageAnswer;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;

/**
 * PostgreSQL out of reach is a 503 with Retry-After naming it, the same way in every service that uses it
 * (PostgresOutageAnswer); whatever else arrives as one of these types stays the shared 500.
 */
public class StoreUnavailableMapper {

    private final PostgresOutageAnswer postgres;

    public StoreUnavailableMapper(PostgresOutageAnswer postgres) {
        this.postgres = postgres;
    }

    /**
     * The types a PostgreSQL failure reaches a resource as: the socket's (refused, reset) or the client's own (closed
     * connection, server error, the pool's timeout) raw, or wrapped by Hibernate Reactive or Mutiny.
     */
    @ServerExceptionMapper({SocketException.class, ClosedChannelException.class, VertxException.class,
            NoStackTraceThrowable.class, PersistenceException.class, CompletionException.class, CompositeException.class})
    public Uni<Response> postgresFailure(Throwable e) {
        return postgres.to(e);
    }
}
