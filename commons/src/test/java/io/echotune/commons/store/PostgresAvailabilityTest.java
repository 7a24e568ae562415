package io.echotune.commons.store;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.testing.SwitchableProxy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failures {@link PostgresAvailability} recognises, each provoked with the real reactive client against the
 * stack's real PostgreSQL (behind a {@link SwitchableProxy} where the server must go away), so a client upgrade that
 * changes what it raises fails here; and how {@link PostgresOutageAnswer} decides a failure any client could raise.
 */
class PostgresAvailabilityTest {

    /** Statements that run long enough to be cut; distinct, so that one test's leftover never counts for another. */
    private static final String CUT_SLEEP = "SELECT pg_sleep(30) AS cut";
    private static final String TERMINATED_SLEEP = "SELECT pg_sleep(30) AS terminated";

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedConnectionMayBePostgresBeingDown() throws Exception {
        Pool pool = pool("localhost", closedPort(), 4, Duration.ofSeconds(30));
        Throwable refused = failureOf(pool.query("SELECT 1").execute());
        assertTrue(refused instanceof ConnectException, "raised " + refused);
        assertTrue(PostgresAvailability.mayBeUnavailable(refused));
        assertFalse(PostgresAvailability.isUnavailable(refused), "Redis raises the same: not PostgreSQL's alone");
        pool.close();
    }

    @Test
    void aConnectionCutUnderARunningStatementMayBePostgresBeingDown() throws Exception {
        try (SwitchableProxy proxy = proxy()) {
            Pool pool = pool(proxy, 1, Duration.ofSeconds(30));
            Future<?> sleeping = pool.query(CUT_SLEEP).execute();
            awaitRunning(CUT_SLEEP);
            proxy.switchOff();
            // A reset reaches the statement as the socket's exception, a closed connection as the client's own.
            Throwable cut = failureOf(sleeping);
            assertTrue(PostgresAvailability.mayBeUnavailable(cut), "raised " + cut);
            pool.close();
        }
    }

    @Test
    void aBackendTerminatedByTheServerMayBePostgresBeingDown() throws Exception {
        Pool pool = pool(null, 1, Duration.ofSeconds(30));
        SqlConnection connection = pool.getConnection().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Future<?> sleeping = connection.query(TERMINATED_SLEEP).execute();
        awaitRunning(TERMINATED_SLEEP);
        // What a server shutdown or a fail-over does to its sessions (FATAL 57P01, then the socket closes): the
        // client fails the statement with the closed connection or the socket's reset, whichever it sees first.
        Pool admin = pool(null, 1, Duration.ofSeconds(30));
        await(admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = '" + TERMINATED_SLEEP + "'")
                .execute());
        Throwable terminated = failureOf(sleeping);
        assertTrue(PostgresAvailability.mayBeUnavailable(terminated), "raised " + terminated);
        admin.close();
        pool.close();
    }

    @Test
    void aServerWithNoConnectionSlotLeftIsPostgresUnavailable() throws Exception {
        // A database that admits no connection answers as a full server does: FATAL 53300 at connect.
        String database = "echotune_no_slot_" + Long.toHexString(System.nanoTime());
        Pool admin = pool(null, 1, Duration.ofSeconds(30));
        await(admin.query("CREATE DATABASE " + database + " CONNECTION LIMIT 0").execute());
        try {
            Pool full = pool(env("ECHOTUNE_POSTGRES_HOST", "localhost"), Integer.parseInt(env("ECHOTUNE_POSTGRES_PORT", "15432")),
                    database, 1, Duration.ofSeconds(30));
            Throwable noSlot = failureOf(full.query("SELECT 1").execute());
            assertTrue(noSlot instanceof DatabaseException refusal && "53300".equals(refusal.getSqlState()),
                    "raised " + noSlot);
            assertTrue(PostgresAvailability.isUnavailable(noSlot));
            full.close();
        } finally {
            await(admin.query("DROP DATABASE " + database).execute());
            admin.close();
        }
    }

    @Test
    void thePoolsAcquisitionTimeoutIsRecognisedInBothItsForms() throws Exception {
        Pool pool = pool(null, 1, Duration.ofSeconds(1));
        SqlConnection held = pool.getConnection().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        Throwable forConnection = failureOf(pool.getConnection());   // Hibernate Reactive's and transactions' way
        assertTrue(PostgresAvailability.mayBeUnavailable(forConnection), "raised " + forConnection);
        Throwable forQuery = failureOf(pool.query("SELECT 1").execute());   // a pooled query's way
        assertTrue(PostgresAvailability.isUnavailable(forQuery), "raised " + forQuery);

        held.close();
        pool.close();
    }

    @Test
    void aWrongStatementIsNotAnOutage() throws Exception {
        Pool pool = pool(null, 1, Duration.ofSeconds(30));
        Throwable wrong = failureOf(pool.query("SELECT * FROM no_such_table_anywhere").execute());
        assertFalse(PostgresAvailability.mayBeUnavailable(wrong), "raised " + wrong);
        assertFalse(PostgresAvailability.isUnavailable(new CompletionException(wrong)));
        pool.close();
    }

    @Test
    void theCauseChainIsSearchedThroughWrappers() {
        Throwable wrapped = new IllegalStateException("session failed",
                new CompletionException(new java.sql.SQLException("connection lost", "08006")));
        assertTrue(PostgresAvailability.isUnavailable(wrapped));
        assertTrue(PostgresAvailability.isUnavailable(new java.sql.SQLException("shutting down", "57P01")));
        assertFalse(PostgresAvailability.isUnavailable(new java.sql.SQLException("duplicate key", "23505")));
    }

    @Test
    void aConnectionFailureIsPostgresOnlyIfPostgresDoesNotAnswerEither() {
        ConnectException refused = new ConnectException("Connection refused");
        AtomicInteger probes = new AtomicInteger();

        PostgresOutageAnswer postgresUp = answer(() -> {
            probes.incrementAndGet();
            return Uni.createFrom().item(1);
        });
        assertEquals(Optional.empty(), postgresUp.unavailable(refused).await().indefinitely(), "another store's failure");
        assertEquals(500, postgresUp.to(refused).await().indefinitely().getStatus());

        PostgresOutageAnswer postgresDown = answer(() -> Uni.createFrom().failure(new ConnectException("Connection refused")));
        ApiException outage = postgresDown.unavailable(refused).await().indefinitely().orElseThrow();
        assertEquals(503, outage.problem().status());
        assertEquals(Duration.ofSeconds(5), outage.retryAfter());
        assertTrue(outage.problem().detail().contains("PostgreSQL"), outage.problem().detail());
        assertEquals("5", postgresDown.to(refused).await().indefinitely().getHeaderString("Retry-After"));

        PostgresOutageAnswer postgresSilent = answer(() -> Uni.createFrom().nothing());
        assertTrue(postgresSilent.unavailable(refused).await().atMost(Duration.ofSeconds(5)).isPresent(),
                "no answer within the probe's timeout is PostgreSQL out of reach");

        probes.set(0);
        assertTrue(postgresUp.unavailable(io.vertx.sqlclient.ClosedConnectionException.INSTANCE).await().indefinitely().isPresent());
        assertEquals(Optional.empty(), postgresUp.unavailable(new IllegalArgumentException("a bug")).await().indefinitely());
        assertEquals(0, probes.get(), "PostgreSQL is asked only about failures any client could raise");
    }

    private static PostgresOutageAnswer answer(java.util.function.Supplier<Uni<?>> probe) {
        return new PostgresOutageAnswer(probe, "The test store", PostgresOutageAnswer.RETRY_AFTER);
    }

    /** A pool to the real server, or through {@code proxy} when one is given. */
    private static Pool pool(SwitchableProxy proxy, int maxSize, Duration acquisitionTimeout) {
        return proxy != null ? pool("localhost", proxy.port(), maxSize, acquisitionTimeout)
                : pool(env("ECHOTUNE_POSTGRES_HOST", "localhost"), Integer.parseInt(env("ECHOTUNE_POSTGRES_PORT", "15432")),
                maxSize, acquisitionTimeout);
    }

    private static Pool pool(String host, int port, int maxSize, Duration acquisitionTimeout) {
        return pool(host, port, env("ECHOTUNE_POSTGRES_DB", "echotune"), maxSize, acquisitionTimeout);
    }

    private static Pool pool(String host, int port, String database, int maxSize, Duration acquisitionTimeout) {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(env("ECHOTUNE_POSTGRES_USER", "echotune"))
                .setPassword(env("ECHOTUNE_POSTGRES_PASSWORD", ""));
        PoolOptions poolOptions = new PoolOptions().setMaxSize(maxSize)
                .setConnectionTimeout((int) acquisitionTimeout.toMillis()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgBuilder.pool().with(poolOptions).connectingTo(options).using(vertx).build();
    }

    /** A port nothing listens on: connections to it are refused. */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static SwitchableProxy proxy() {
        return SwitchableProxy.inFrontOf("postgresql://" + env("ECHOTUNE_POSTGRES_HOST", "localhost") + ":"
                + env("ECHOTUNE_POSTGRES_PORT", "15432"));
    }

    /** Waits until the server runs {@code sql}, so that what happens next happens under a running statement. */
    private static void awaitRunning(String sql) throws Exception {
        Pool monitor = pool(null, 1, Duration.ofSeconds(30));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                long running = await(monitor.query("SELECT count(*) FROM pg_stat_activity WHERE query = '" + sql + "'"
                        + " AND state = 'active'").execute()).iterator().next().getLong(0);
                if (running > 0) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the statement never ran");
        } finally {
            monitor.close();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(Future<?> future) throws Exception {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
