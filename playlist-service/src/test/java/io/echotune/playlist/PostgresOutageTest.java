package io.echotune.playlist;

import io.echotune.commons.testing.PostgresProxy;
import io.echotune.commons.testing.SwitchableProxy;
import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.echotune.playlist.PlaylistResourceTest.TRACK_A;
import static io.echotune.playlist.PlaylistResourceTest.bearer;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL out of reach: creating and reading a playlist, and the public shared playlist, answer a prompt 503
 * problem with Retry-After that names PostgreSQL, never a 500, and readiness is DOWN; once PostgreSQL is back the same
 * calls succeed. The service reaches the real PostgreSQL through a {@link SwitchableProxy} the test cuts (listener
 * closed, open connections reset) and restores; MongoDB (the catalog) and the stubbed services stay up.
 */
@QuarkusTest
@TestProfile(PostgresOutageTest.BehindPostgresProxy.class)
class PostgresOutageTest {

    private static final long PROMPT_MILLIS = 3_000;
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    @PostgresProxy.Injected
    SwitchableProxy postgres;

    @AfterEach
    void postgresIsBack() {
        postgres.switchOn();
    }

    @Test
    void playlistsAnswer503NamingPostgresWhileItIsDownAndWorkOnceItIsBack() {
        String user = newUser();
        String id = create(user).then().statusCode(201).extract().path("playlistId");
        String code = given().header("Authorization", bearer(user)).when().post("/api/v1/playlists/" + id + "/share")
                .then().statusCode(200).extract().path("code");

        postgres.switchOff();
        assertUnavailableTwice(() -> create(user));
        assertUnavailableTwice(() -> given().header("Authorization", bearer(user)).when().get("/api/v1/playlists/" + id));
        assertUnavailableTwice(() -> given().when().get("/api/v1/shared/" + code));
        postgres.switchOn();

        awaitStatus(201, () -> create(user));
        awaitStatus(200, () -> given().header("Authorization", bearer(user)).when().get("/api/v1/playlists/" + id))
                .body("playlistId", equalTo(id));
        awaitStatus(200, () -> given().when().get("/api/v1/shared/" + code));
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

    private static Response create(String user) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("name", "Outage", "trackIds", List.of(TRACK_A)))
                .when().post("/api/v1/playlists");
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
    private static ValidatableResponse awaitStatus(int status, Supplier<Response> call) {
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
            return List.of(new TestResourceEntry(PostgresProxy.class), new TestResourceEntry(PlaylistTestEnvironment.class));
        }
    }
}
