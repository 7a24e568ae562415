package io.echotune.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            long[] bytes = {0};
            request.handler(chunk -> bytes[0] += chunk.length());
            request.endHandler(done -> request.response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Set-Cookie", "leak=1")
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
                "echotune.gateway.services.playlist", "http://127.0.0.1:" + server.actualPort(),
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
