package io.echotune.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            long[] bytes = {0};
            request.handler(chunk -> bytes[0] += chunk.length());
            request.endHandler(done -> request.response()
                    .setStatusCode(202)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("headers", headers)
                            .put("bodyBytes", bytes[0]).encode()));
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The echo backend did not start", e);
        }
        return Map.of(
                "echotune.gateway.services.ingestion", "http://127.0.0.1:" + server.actualPort(),
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
