package io.echotune.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * The operator credential configured, and real HTTP servers standing in for the services partners reach (the LLM
 * router, the recommender, the playlist service) and for one personal area (ingestion) that answer every request
 * with what they received, so tests see exactly what the gateway forwards for a partner and what it never forwards.
 */
public class PartnerBackends implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = EchoServer.start(vertx, 200, Map.of());
        String url = "http://127.0.0.1:" + port;
        return Map.of(
                "echotune.gateway.services.llm-router", url,
                "echotune.gateway.services.recommender", url,
                "echotune.gateway.services.playlist", url,
                "echotune.gateway.services.ingestion", url,
                "echotune.gateway.services.chat", url,
                "echotune.gateway.services.insights", url,
                // the test profile clears the credential; this resource sets it for its tests only
                "echotune.gateway.admin-token", OperatorBackend.ADMIN_TOKEN,
                "%test.echotune.gateway.admin-token", OperatorBackend.ADMIN_TOKEN);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
