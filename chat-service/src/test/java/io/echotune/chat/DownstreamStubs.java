package io.echotune.chat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The services a chat turn calls (LLM router, recommender, playlist, insights), stubbed at the HTTP level with their
 * real request and response shapes on one WireMock server. Init arg {@code closed} names services whose URL points
 * at a closed port instead, to prove a turn survives them being down.
 */
public class DownstreamStubs implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;
    private String closed = "";

    static WireMockServer server() {
        return server;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        closed = initArgs.getOrDefault("closed", "");
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .extensions(new RecommenderStandIn()));
        server.start();
        String stubs = "http://localhost:" + server.port();
        String closedPort = "http://localhost:" + closedPort();
        Map<String, String> config = new HashMap<>();
        for (String service : new String[]{"llm-router", "recommender", "playlist", "insights"}) {
            config.put("quarkus.rest-client." + service + ".url", closed.contains(service) ? closedPort : stubs);
        }
        return config;
    }

    /** A port nothing listens on: bound once to find it free, then released. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
