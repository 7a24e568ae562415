package io.echotune.chat;

import io.echotune.commons.testing.PostgresProxy;
import io.echotune.commons.testing.SwitchableProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL out of reach: chat sessions (Hibernate Reactive) and a chat message's admission (the reactive pool
 * directly) answer a prompt 503 problem with Retry-After that names PostgreSQL, never a 500, and readiness is DOWN;
 * once PostgreSQL is back the same calls succeed. The service reaches the real PostgreSQL through a
 * {@link SwitchableProxy} the test cuts (listener closed, open connections reset) and restores.
 */
@QuarkusTest
@TestProfile(PostgresOutageTest.BehindPostgresProxy.class)
class PostgresOutageTest {

    private static final String SESSIONS = "/api/v1/chat/sessions";
    private static final long PROMPT_MILLIS = 3_000;
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    @PostgresProxy.Injected
    SwitchableProxy postgres;

    @BeforeEach
    void stubTheRouter() {
        DownstreamStubs.server().resetAll();
        Stubs.reads("hi", Map.of("intent", "smalltalk"));
        Stubs.composesOffline("Hello!");
    }

    @AfterEach
    void postgresIsBack() {
        postgres.switchOn();
    }

    @Test
    void sessionsAnswer503NamingPostgresWhileItIsDownAndWorkOnceItIsBack() {
        String user = "user-" + UUID.randomUUID();
        createSession(user).then().statusCode(201);

        postgres.switchOff();
        assertUnavailableTwice(() -> createSession(user));
        assertUnavailableTwice(() -> given().header("Authorization", bearer(user)).when().get(SESSIONS));
        postgres.switchOn();

        awaitStatus(201, () -> createSession(user));
        awaitStatus(200, () -> given().header("Authorization", bearer(user)).when().get(SESSIONS));
    }

    @Test
    void aMessageAnswers503NamingPostgresWhileItIsDownAndIsAnsweredOnceItIsBack() {
        String user = "user-" + UUID.randomUUID();
        String session = createSession(user).then().statusCode(201).extract().path("sessionId");

        postgres.switchOff();
        assertUnavailableTwice(() -> say(user, session));
        postgres.switchOn();

        awaitStatus(200, () -> say(user, session)).body("role", equalTo("assistant"));
    }

    @Test
    void readinessReportsPostgresDownWhileItIsOutOfReach() {
        awaitStatus(200, () -> given().when().get("/q/health/ready"));

        postgres.switchOff();
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem(containsString("PostgreSQL")));
        postgres.switchOn();

        awaitStatus(200, () -> given().when().get("/q/health/ready"));
    }

    private static Response createSession(String user) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of("title", "Outage"))
                .when().post(SESSIONS);
    }

    private static Response say(String user, String session) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of("text", "hi"))
                .when().post(SESSIONS + "/" + session + "/messages");
    }

    /** The first call meets the pooled connections the cut reset, the second a refused new connection. */
    private static void assertUnavailableTwice(Supplier<Response> call) {
        for (int attempt = 0; attempt < 2; attempt++) {
            long started = System.nanoTime();
            call.get().then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:echotune:problem:service-unavailable"))
                    .body("detail", containsString("PostgreSQL"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < PROMPT_MILLIS, "answered in " + millis + " ms");
        }
    }

    /** Polls until the call answers {@code status} (the pool reconnects on demand), then returns that answer. */
    private static io.restassured.response.ValidatableResponse awaitStatus(int status, Supplier<Response> call) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        Response last = call.get();
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = call.get();
        }
        assertEquals(status, last.statusCode(), "once PostgreSQL is back: " + last.asString());
        return last.then();
    }

    public static class BehindPostgresProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class), new TestResourceEntry(DownstreamStubs.class));
        }
    }
}
