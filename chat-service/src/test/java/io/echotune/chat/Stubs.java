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

    /** The recommender answers {@code count} tracks "Song 1".."Song n" by "Artist 1".., energy falling from 0.9. */
    static void recommends(int count) {
        server().stubFor(post(urlEqualTo("/api/v1/recommendations"))
                .willReturn(json(200, Map.of("requestId", "req-" + count, "tracks", tracks(count)))));
    }

    static List<Map<String, Object>> tracks(int count) {
        List<Map<String, Object>> tracks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tracks.add(Map.of("trackId", trackId(i), "uri", "spotify:track:" + trackId(i), "name", "Song " + i,
                    "artists", List.of(i % 5 == 0 ? "Drake" : "Artist " + i), "album", "Album " + i,
                    "genres", List.of("indie folk"),
                    "features", Map.of("energy", 0.9 - i * 0.02, "valence", 0.6),
                    "score", 1.0 - i * 0.01, "components", Map.of("taste", 0.5),
                    "explanation", "Indie folk, like the artists you play most"));
        }
        return tracks;
    }

    static String trackId(int i) {
        return String.format("4uLU6hMCjMI75M1A2t%04d", i);
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
