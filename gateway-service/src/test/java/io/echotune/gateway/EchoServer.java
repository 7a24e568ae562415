package io.echotune.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for a service behind the gateway: it answers every request with what it received
 * (method, path, headers, body size), so tests see exactly what the gateway forwards.
 */
final class EchoServer {

    private EchoServer() {
    }

    /** Starts one on a free local port; answers with {@code status} and the extra response headers. */
    static int start(Vertx vertx, int status, Map<String, String> responseHeaders) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            long[] bytes = {0};
            request.handler(chunk -> bytes[0] += chunk.length());
            request.endHandler(done -> {
                var response = request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
                responseHeaders.forEach(response::putHeader);
                response.end(new JsonObject()
                        .put("method", request.method().name())
                        .put("uri", request.uri())
                        .put("headers", headers)
                        .put("bodyBytes", bytes[0]).encode());
            });
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The echo backend did not start", e);
        }
        return server.actualPort();
    }
}
