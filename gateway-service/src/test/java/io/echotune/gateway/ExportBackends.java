package io.echotune.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stand-ins for the services' internal export endpoints: one real HTTP server plays every service. Each part is
 * answered in several chunks (so the gateway must stream it), the playlist service is down for its part (503), and
 * every request's Authorization header is kept for the test to inspect.
 */
public class ExportBackends implements QuarkusTestResourceLifecycleManager {

    /** Authorization header seen per requested path. */
    static final Map<String, String> AUTHORIZATIONS = new ConcurrentHashMap<>();
    static final int CHATS = 2_000;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            AUTHORIZATIONS.put(request.path(), String.valueOf(request.getHeader("Authorization")));
            var response = request.response();
            switch (request.path()) {
                case "/internal/v1/export/playlists.json" -> response.setStatusCode(503).end("{}");
                case "/internal/v1/export/chats.json" -> {
                    response.setChunked(true).putHeader("Content-Type", "application/json");
                    response.write("[");
                    for (int i = 0; i < CHATS; i++) {
                        response.write((i == 0 ? "" : ",") + "{\"sessionId\":\"s" + i + "\",\"title\":\"chat " + i + "\"}");
                    }
                    response.end("]");
                }
                default -> response.putHeader("Content-Type", "application/json").end("[]");
            }
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The export backends did not start", e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "echotune.gateway.services.chat", url,
                "echotune.gateway.services.llm-router", url,
                "echotune.gateway.services.recommender", url,
                "echotune.gateway.services.playlist", url,
                "echotune.gateway.services.ingestion", url,
                "echotune.gateway.services.insights", url);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
