package io.echotune.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * A real HTTP server standing in for the playlist service behind the gateway: it answers every request
 * with what it received (method, path, headers, body size), so tests can see exactly what the gateway
 * forwards. The insights service is pointed at a closed port to exercise the "service down" path.
 */
public class EchoBackend implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = EchoServer.start(vertx, 201, Map.of("Set-Cookie", "leak=1"));
        return Map.of(
                "echotune.gateway.services.playlist", "http://127.0.0.1:" + port,
                // Nothing listens on port 9 (discard) here: a service that is down.
                "echotune.gateway.services.insights", "http://127.0.0.1:9");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
