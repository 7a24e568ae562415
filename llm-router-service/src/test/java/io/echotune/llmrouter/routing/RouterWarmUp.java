package io.echotune.llmrouter.routing;

import io.echotune.llmrouter.service.GazetteerStore;

import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;

/**
 * Waits for the router's start-up work: the offline interpreter's embedding model (readiness) and the first
 * gazetteer load from the catalog. Both run in the background and take 10-20 s of both cores on a busy build
 * machine; a test that runs meanwhile spends its stub providers' 800 ms timeouts waiting for CPU, not for a
 * provider, and fails for the wrong reason.
 */
final class RouterWarmUp {

    private static final long LIMIT_SECONDS = 120;

    private RouterWarmUp() {
    }

    static void await(GazetteerStore gazetteer) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        while (given().when().get("/q/health/ready").statusCode() != 200 || !gazetteer.loaded()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the router's start-up work did not finish within " + LIMIT_SECONDS + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the router", e);
            }
        }
    }
}
