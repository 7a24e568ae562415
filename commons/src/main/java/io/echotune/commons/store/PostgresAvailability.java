package io.echotune.commons.store;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which failures of the reactive PostgreSQL client mean "PostgreSQL cannot answer right now" (down, unreachable,
 * restarting, out of connections) rather than "this statement is wrong". Decided by type, searching the whole cause
 * chain, because Hibernate Reactive, Mutiny and Vert.x may wrap the client's failure in their own exceptions (a
 * {@code CompletionException}, a Hibernate {@code JDBCException} around a {@code SQLException}).
 * <p>
 * Two kinds, because Vert.x raises some connection failures the same way for every client it runs:
 * <ul>
 * <li>{@link #isUnavailable}: only the SQL client raises these. A {@link ClosedConnectionException} (the connection
 * went away under a statement: server crashed, network cut, backend terminated); a {@link DatabaseException} (the
 * client's {@code PgException}) or a {@link SQLException} (Hibernate's translation) whose SQLSTATE is class 08
 * (connection exception) or says the server is shutting down, starting up or has no connection slot left (57P01,
 * 57P02, 57P03, 53300); the pool's "no connection within its connection timeout" for a pooled query.</li>
 * <li>{@link #mayBeUnavailable}: a {@link SocketException}, raw, exactly as the Redis client raises it: a
 * {@link ConnectException} (refused, unreachable, connect timed out: Netty's own subclasses) or the connection reset
 * under a running statement (the client fails the statement with the socket's exception as it is; Vert.x runs on
 * Java NIO here, Quarkus' default); a {@link ClosedChannelException}; and the pool's acquisition timeout for
 * {@code getConnection()}, which Hibernate Reactive and transactions use. These are PostgreSQL's only if PostgreSQL
 * does not answer either ({@link PostgresOutageAnswer} asks it).</li>
 * </ul>
 * Vert.x 4.5 gives the pool's acquisition timeout no type of its own: {@code SqlConnectionPool} fails
 * {@code getConnection()} with a {@link NoStackTraceThrowable} "Timeout" and a pooled query with a
 * {@link VertxException} "Timeout waiting for connection". Those two exact messages on those two exact types are the
 * only text this class reads; {@code PostgresAvailabilityTest} provokes both with the real client, so an upgrade that
 * changes them fails there.
 */
public final class PostgresAvailability {

    /** SQLSTATEs of a server that is there but cannot serve: shutdown, crash, starting up, no connection slot. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Deeper chains are wrappers of wrappers; stop there rather than risk a cycle. */
    private static final int MAX_DEPTH = 32;

    private PostgresAvailability() {
    }

    /** Whether the failure is PostgreSQL's client saying the server cannot be used right now. */
    public static boolean isUnavailable(Throwable failure) {
        return anyInChain(failure, PostgresAvailability::isSqlClientOutage);
    }

    /**
     * Whether the failure is a connection failure that PostgreSQL's client raises when the server is out of reach, but
     * that another Vert.x client (Redis, a REST client) would raise alike; true also for {@link #isUnavailable}.
     */
    public static boolean mayBeUnavailable(Throwable failure) {
        return anyInChain(failure, f -> isSqlClientOutage(f) || isConnectionFailure(f));
    }

    private static boolean isSqlClientOutage(Throwable failure) {
        return failure instanceof ClosedConnectionException
                || (failure instanceof DatabaseException database && unavailableState(database.getSqlState()))
                || (failure instanceof SQLException sql && unavailableState(sql.getSQLState()))
                || (failure.getClass() == VertxException.class && "Timeout waiting for connection".equals(failure.getMessage()));
    }

    private static boolean isConnectionFailure(Throwable failure) {
        return failure instanceof SocketException
                || failure instanceof ClosedChannelException
                || (failure instanceof NoStackTraceThrowable && "Timeout".equals(failure.getMessage()));
    }

    private static boolean unavailableState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || UNAVAILABLE_STATES.contains(sqlState));
    }

    private static boolean anyInChain(Throwable failure, Predicate<Throwable> test) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (test.test(current)) {
                return true;
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return false;
    }
}
