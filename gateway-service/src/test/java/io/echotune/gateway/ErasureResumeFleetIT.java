package io.echotune.gateway;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.echotune.gateway.ErasureFleetIT.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An erasure survives a service being down when it is requested: the playlist service of the running local stack is
 * stopped, a user is erased, the erasure waits with the playlist part PENDING while the rest is DONE, and once the
 * service is started again (deploy/local/stack.sh up, which starts what is not running) it erases from the event
 * that waited in Kafka and the erasure completes. Needs the stack's data folder (ECHOTUNE_DATA_DIR), as `make test`
 * and the local stack give it; skipped otherwise.
 */
class ErasureResumeFleetIT {

    private static final String TRACK = "5SuOikwiRyPMVoIQDJUgSV";
    private static final String SERVICE = "playlist-service";

    private static Path dataDir;
    private static Path stackScript;

    @BeforeAll
    static void fleet() {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        URI gateway = URI.create(url);
        RestAssured.baseURI = url;
        RestAssured.port = gateway.getPort();
        String data = System.getenv("ECHOTUNE_DATA_DIR");
        Assumptions.assumeTrue(data != null && !data.isBlank(), "needs the local stack's ECHOTUNE_DATA_DIR");
        dataDir = Path.of(data);
        stackScript = Path.of("..", "deploy", "local", "stack.sh").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(stackScript), "needs " + stackScript);
        Assumptions.assumeTrue(Files.exists(pidFile()), "the stack in " + dataDir + " runs " + SERVICE);
    }

    @AfterAll
    static void serviceRunsAgain() throws Exception {
        if (dataDir != null && ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
            startStack();
        }
    }

    @Test
    void anErasureRequestedWhileAServiceIsDownCompletesWhenItIsBack() throws Exception {
        String token = given().contentType(ContentType.JSON).body(Map.of("displayName", "Resume erasure"))
                .when().post("/api/v1/auth/local").then().statusCode(201).extract().path("token");
        String userId = as(token).when().get("/api/v1/me").then().statusCode(200).extract().path("userId");
        String playlistId = as(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Survives the outage?", "trackIds", List.of(TRACK)))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");

        stopService();
        String erasureId = as(token).when().delete("/api/v1/me").then().statusCode(202).extract().path("erasureId");
        Map<String, Object> waiting = awaitStatus(erasureId, status -> services(status).entrySet().stream()
                .filter(e -> !e.getKey().equals("playlist")).allMatch(e -> "DONE".equals(e.getValue())), 120);
        Thread.sleep(2_000);   // a little longer: nothing can mark the part of a service that is down
        waiting = awaitStatus(erasureId, status -> true, 10);
        assertEquals("RUNNING", waiting.get("status"));
        assertEquals("PENDING", services(waiting).get("playlist"));
        assertTrue(StoreSearch.postgres(List.of(playlistId)).size() > 0, "the playlist waits for its service");

        startStack();
        Map<String, Object> done = awaitStatus(erasureId, status -> "COMPLETED".equals(status.get("status")), 180);
        assertEquals("DONE", services(done).get("playlist"));
        assertEquals(List.of(), StoreSearch.postgres(List.of(userId, playlistId)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> services(Map<String, Object> status) {
        return (Map<String, String>) status.get("services");
    }

    private static Map<String, Object> awaitStatus(String erasureId, java.util.function.Predicate<Map<String, Object>> wanted,
                                                   int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, Object> status = Map.of();
        while (System.nanoTime() < deadline) {
            status = given().when().get("/api/v1/me/erasure/" + erasureId).then().statusCode(200)
                    .extract().jsonPath().getMap("");
            if (wanted.test(status)) {
                return status;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("erasure " + erasureId + " did not get there within " + seconds + " s: " + status);
    }

    private static Path pidFile() {
        return dataDir.resolve("run").resolve(SERVICE + ".pid");
    }

    private static long pid() throws IOException {
        return Long.parseLong(Files.readString(pidFile()).strip());
    }

    private static void stopService() throws Exception {
        ProcessHandle service = ProcessHandle.of(pid()).orElseThrow(() -> new AssertionError(SERVICE + " does not run"));
        service.destroy();
        service.onExit().get(60, TimeUnit.SECONDS);
    }

    private static void startStack() throws Exception {
        Process up = new ProcessBuilder(stackScript.toString(), "up").redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("logs").resolve("erasure-resume-it-stack-up.log").toFile()).start();
        assertTrue(up.waitFor(5, TimeUnit.MINUTES) && up.exitValue() == 0,
                "stack.sh up failed; see logs/erasure-resume-it-stack-up.log");
    }
}
