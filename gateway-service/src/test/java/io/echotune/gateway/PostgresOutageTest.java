package io.echotune.gateway;

import io.echotune.commons.testing.PostgresProxy;
import io.echotune.commons.testing.SwitchableProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL out of reach: what a client sends to the gateway is answered with a prompt 503 problem that names
 * PostgreSQL and says when to come back (Retry-After), never a 500, and never a 401 for a credential that could not
 * be checked; once PostgreSQL is back the same calls succeed by themselves. The gateway reaches the real PostgreSQL
 * through a {@link SwitchableProxy} the test cuts (listener closed, open connections reset) and restores; Redis, behind
 * a proxy of its own, stays up (sessions are still found) except where a test shows that its outage is not blamed on
 * PostgreSQL.
 */
@QuarkusTest
@TestProfile(PostgresOutageTest.BehindStoreProxies.class)
class PostgresOutageTest {

    /** A cut answers at once (connections reset, new ones refused): nothing may wait for a timeout. */
    private static final long PROMPT_MILLIS = 3_000;
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    @PostgresProxy.Injected
    SwitchableProxy postgres;

    @RedisProxy.Injected
    SwitchableProxy redis;

    @AfterEach
    void storesAreBack() {
        postgres.switchOn();
        redis.switchOn();
    }

    @Test
    void signUpAnswers503NamingPostgresWhileItIsDownAndWorksOnceItIsBack() {
        Users.signUp("before the outage");

        postgres.switchOff();
        assertUnavailableTwice(() -> signUp().when().post("/api/v1/auth/local"));
        postgres.switchOn();

        awaitStatus(201, () -> signUp().when().post("/api/v1/auth/local"));
    }

    @Test
    void aBearerTokenThatCannotBeCheckedIs503NotUnauthorized() {
        // Not yet used, so not in the replica's token cache: authenticating it needs PostgreSQL.
        Users.SignedUp user = Users.signUp("Token holder");

        postgres.switchOff();
        assertUnavailableTwice(() -> given().header("Authorization", user.bearer()).when().get("/api/v1/me"));
        postgres.switchOn();

        awaitStatus(200, () -> given().header("Authorization", user.bearer()).when().get("/api/v1/me"))
                .body("userId", equalTo(user.userId()));
    }

    @Test
    void meWithASessionAnswers503WhileThePostgresReadFailsAndRecovers() {
        // The session lives in Redis, which stays up: authentication passes and the profile read meets the outage.
        Users.SignedUp user = Users.signUp("Session holder");
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me").then().statusCode(200);

        postgres.switchOff();
        assertUnavailableTwice(() -> given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me"));
        postgres.switchOn();

        awaitStatus(200, () -> given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me"))
                .body("displayName", equalTo("Session holder"));
    }

    @Test
    void aStatementCutOffMidwayIs503() throws Exception {
        Users.SignedUp user = Users.signUp("Cut off midway");
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me").then().statusCode(200);

        try (Connection holder = direct(); Connection monitor = direct()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE gateway.users IN ACCESS EXCLUSIVE MODE");
            }
            // The profile read waits for the lock on a live connection: the cut falls under a running statement.
            CompletableFuture<io.restassured.response.Response> me = CompletableFuture.supplyAsync(
                    () -> given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me"));
            awaitWaitingOnALock(monitor, "%gateway.users%");
            postgres.switchOff();
            me.get(PROMPT_MILLIS, TimeUnit.MILLISECONDS).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("detail", containsString("PostgreSQL"));
            holder.rollback();
        }
        postgres.switchOn();

        awaitStatus(200, () -> given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me"));
    }

    @Test
    void aRedisOutageIsNotBlamedOnPostgres() {
        // A refused connection looks the same from either client: the gateway asks PostgreSQL before it names it.
        Users.SignedUp user = Users.signUp("Redis outage");

        redis.switchOff();
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", not(containsString("PostgreSQL")));
        redis.switchOn();

        awaitStatus(200, () -> given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me"));
    }

    @Test
    void readinessReportsPostgresDownWhileItIsOutOfReach() {
        given().when().get("/q/health/ready").then().statusCode(200);

        postgres.switchOff();
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem(containsString("PostgreSQL")));
        postgres.switchOn();

        awaitStatus(200, () -> given().when().get("/q/health/ready"));
    }

    private static RequestSpecification signUp() {
        return given().contentType(ContentType.JSON).body(Map.of("displayName", "During the outage"));
    }

    /** The first call meets the pooled connections the cut reset, the second a refused new connection. */
    private static void assertUnavailableTwice(Supplier<io.restassured.response.Response> call) {
        for (int attempt = 0; attempt < 2; attempt++) {
            long started = System.nanoTime();
            call.get().then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:echotune:problem:service-unavailable"))
                    .body("status", equalTo(503))
                    .body("detail", containsString("PostgreSQL"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < PROMPT_MILLIS, "answered in " + millis + " ms");
        }
    }

    /** Polls until the call answers {@code status} (the pool reconnects on demand), then returns that answer. */
    private static ValidatableResponse awaitStatus(int status, Supplier<io.restassured.response.Response> call) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        io.restassured.response.Response last = call.get();
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            sleep();
            last = call.get();
        }
        assertEquals(status, last.statusCode(), "once PostgreSQL is back: " + last.asString());
        return last.then();
    }

    /** A connection of the test's own, straight to PostgreSQL (not through the proxy). */
    private static Connection direct() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + env("ECHOTUNE_POSTGRES_HOST", "localhost") + ":"
                        + env("ECHOTUNE_POSTGRES_PORT", "15432") + "/" + env("ECHOTUNE_POSTGRES_DB", "echotune"),
                env("ECHOTUNE_POSTGRES_USER", "echotune"), env("ECHOTUNE_POSTGRES_PASSWORD", ""));
    }

    /** Waits until a session waits for a lock in a statement like {@code pattern}. */
    private static void awaitWaitingOnALock(Connection monitor, String pattern) throws SQLException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        try (PreparedStatement query = monitor.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
            query.setString(1, pattern);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        return;
                    }
                }
                sleep();
            }
        }
        throw new AssertionError("no statement waited on " + pattern);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static class BehindStoreProxies implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class), new TestResourceEntry(RedisProxy.class));
        }
    }

    /** A SwitchableProxy in front of the stack's real Redis (sessions, rate limits), for fields annotated {@link Injected}. */
    public static class RedisProxy implements QuarkusTestResourceLifecycleManager {

        @Retention(RetentionPolicy.RUNTIME)
        @Target(ElementType.FIELD)
        public @interface Injected {
        }

        private SwitchableProxy proxy;

        @Override
        public Map<String, String> start() {
            proxy = SwitchableProxy.inFrontOf(env("ECHOTUNE_REDIS_URL", "redis://localhost:16379"));
            return Map.of("quarkus.redis.hosts", "redis://localhost:" + proxy.port());
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(Injected.class, SwitchableProxy.class));
        }

        @Override
        public void stop() {
            proxy.close();
        }
    }
}
