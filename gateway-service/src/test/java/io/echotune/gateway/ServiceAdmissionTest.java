package io.echotune.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load shedding at the gateway (ServiceAdmission), with one place per service: while a call is with the insights
 * service, the next one is answered 503 with Retry-After at once (it does not queue behind), other services are not
 * affected, and the place is given back both when the answer ends and when the caller hangs up mid-call.
 */
@QuarkusTest
@TestProfile(ServiceAdmissionTest.OnePlacePerService.class)
@WithTestResource(ServiceAdmissionTest.HoldingBackend.class)
class ServiceAdmissionTest {

    public static class OnePlacePerService implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echotune.gateway.limits.max-in-flight-per-service", "1");
        }
    }

    /** Insights holds every call until the test releases it; the playlist service answers at once. */
    public static class HoldingBackend implements QuarkusTestResourceLifecycleManager {
        static final Queue<HttpServerRequest> HELD = new ConcurrentLinkedQueue<>();
        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            HttpServer holding = vertx.createHttpServer().requestHandler(HELD::add);
            try {
                holding.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("The holding backend did not start", e);
            }
            int answering = EchoServer.start(vertx, 200, Map.of());
            return Map.of("echotune.gateway.services.insights", "http://127.0.0.1:" + holding.actualPort(),
                    "echotune.gateway.services.playlist", "http://127.0.0.1:" + answering);
        }

        @Override
        public void stop() {
            if (vertx != null) {
                vertx.close();
            }
        }

        static void releaseAll() {
            HttpServerRequest held;
            while ((held = HELD.poll()) != null) {
                held.response().putHeader("Content-Type", "application/json").end("{\"released\":true}");
            }
        }
    }

    @Test
    void aCallPastTheBoundIsTurnedAwayAtOnceAndThePlaceComesBackWhenTheAnswerEnds() {
        Users.SignedUp user = Users.createDefaultUser();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", user.bearer()).when().get("/api/v1/insights/summary").statusCode());
        await("the first call reached insights", () -> HoldingBackend.HELD.size() == 1);

        long started = System.nanoTime();
        given().header("Authorization", user.bearer())
                .when().get("/api/v1/insights/top-artists")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("detail", equalTo("The insights service is at capacity; try again shortly"));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "turned away at once, not queued");
        assertEquals(1, HoldingBackend.HELD.size(), "the turned-away call never reached the service");
        // another service has its own places
        given().header("Authorization", user.bearer()).contentType("application/json").body("{}")
                .when().post("/api/v1/playlists").then().statusCode(200);

        HoldingBackend.releaseAll();
        assertEquals(200, first.join());
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", user.bearer()).when().get("/api/v1/insights/summary").statusCode());
        await("the place was given back: the next call reached insights", () -> HoldingBackend.HELD.size() == 1);
        HoldingBackend.releaseAll();
        assertEquals(200, next.join());
    }

    @Test
    void aCallerWhoHangsUpMidCallGivesThePlaceBack() throws Exception {
        Users.SignedUp user = Users.createDefaultUser();
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/insights/summary HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + user.bearer()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await("the call reached insights", () -> HoldingBackend.HELD.size() == 1);
        }
        // The caller is gone while the service still holds its call: its place must be free again. Until the
        // gateway has seen the connection close, a new call may still be turned away, so try until one gets in.
        CompletableFuture<Integer> next = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (HoldingBackend.HELD.size() < 2) {
            assertTrue(System.nanoTime() < deadline, "the hung-up call's place never came back");
            if (next == null || next.isDone()) {
                next = CompletableFuture.supplyAsync(() -> given().header("Authorization", user.bearer())
                        .when().get("/api/v1/insights/heatmap").statusCode());
            }
            Thread.sleep(50);
        }
        HoldingBackend.releaseAll();
        assertEquals(200, next.join());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "never happened: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
