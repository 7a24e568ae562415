package io.echotune.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * The operator credential configured, and a real HTTP server standing in for the ingestion service that answers
 * every request with what it received, so tests see exactly what the gateway forwards for the admin routes.
 */
public class OperatorBackend implements QuarkusTestResourceLifecycleManager {

    /** A test value only; real ones come from the environment (stack.sh generates one). */
    static final String ADMIN_TOKEN = "test-operator-credential-0123456789abcdef";
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = EchoServer.start(vertx, 202, Map.of());
        return Map.of(
                "echotune.gateway.services.ingestion", "http://127.0.0.1:" + port,
                // the test profile clears the credential; this resource sets it for its tests only
                "echotune.gateway.admin-token", ADMIN_TOKEN,
                "%test.echotune.gateway.admin-token", ADMIN_TOKEN);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
