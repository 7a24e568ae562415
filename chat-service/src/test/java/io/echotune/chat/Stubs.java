package io.echotune.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Fixtures for the stubbed downstream services: readings, recommendations, composed replies in their real shapes. */
final class Stubs {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RECOMMEND_TEXT = "Find me some upbeat indie folk for a rainy afternoon";

    private Stubs() {
    }

    /** The router reads {@code text} as {@code reading} (intent, entities, refinement ... as the router answers). */
    static void reads(String text, Map<String, Object> reading) {
        Map<String, Object> answer = new HashMap<>(Map.of("entities", Map.of(), "providerUsed", "local",
                "model", "echotune-local", "latencyMs", 1, "promptVersion", "local/lexicon.v1", "fallbackAttempts", 0,
                "tokens", Map.of("input", 0, "output", 0), "cached", false));
        answer.putAll(reading);
        server().stubFor(post(urlEqualTo("/api/v1/llm/interpret"))
                .withRequestBody(matchingJsonPath("$.text", equalTo(text)))
                .willReturn(json(200, answer)));
    }

    /** The router's offline composer: a fixed template reply, as {@code local} answers. */
    static void composesOffline(String reply) {
        server().stubFor(post(urlEqualTo("/api/v1/llm/compose"))
                .willReturn(json(200, Map.of("reply", reply, "providerUsed", "local", "model", "echotune-local",
                        "latencyMs", 1, "promptVersion", "local/compose-templates.v1", "fallbackAttempts", 0,
                        "tokens", Map.of("input", 0, "output", 0)))));
    }

    /** A remote provider's reply, for compose requests that prefer {@code provider}. */
    static void composesRemotely(String provider, String reply) {
        server().stubFor(post(urlEqualTo("/api/v1/llm/compose"))
                .withRequestBody(matchingJsonPath("$.provider", equalTo(provider)))
                .willReturn(json(200, Map.of("reply", reply, "providerUsed", provider, "model", provider + "-model",
                        "latencyMs", 300, "promptVersion", "compose.v1", "fallbackAttempts", 0,
                        "tokens", Map.of("input", 410, "output", 38)))));
    }

    /**
     * The recommender answers as its contract says ({@link RecommenderStandIn}): "Song 1".."Song n" by "Artist 1"..
     * (every fifth by Drake), energy falling from 0.9, less what the request excludes, within its era.
     */
    static void recommends() {
        server().stubFor(post(urlEqualTo("/api/v1/recommendations"))
                .willReturn(aResponse().withTransformers(RecommenderStandIn.NAME)));
    }

    static List<Map<String, Object>> tracks(int count) {
        List<Map<String, Object>> tracks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tracks.add(RecommenderStandIn.track(i));
        }
        return tracks;
    }

    static String trackId(int i) {
        return RecommenderStandIn.trackId(i);
    }

    /** The body of every recommendation request the chat sent, oldest first. */
    static List<com.fasterxml.jackson.databind.JsonNode> recommendationRequests() {
        List<com.fasterxml.jackson.databind.JsonNode> bodies = new ArrayList<>();
        server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/api/v1/recommendations"))).forEach(r -> {
                    try {
                        bodies.add(JSON.readTree(r.getBodyAsString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        return bodies;
    }

    static void stub(String path, int status, Object body) {
        server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching(path))
                .willReturn(json(status, body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, Object body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireMockServer server() {
        return DownstreamStubs.server();
    }
}
