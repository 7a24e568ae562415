package io.echotune.llmrouter.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Stub LLM providers at the HTTP level: one WireMock server, one path prefix per provider. {@code alpha} and
 * {@code beta} speak OpenAI's chat completions, {@code claude} Anthropic's Messages API, {@code slow} is an
 * OpenAI-compatible provider with a long timeout, for the overall deadline.
 */
public class WireMockProviders implements QuarkusTestResourceLifecycleManager {

    /** An environment variable every test run has, standing in for a provider key. */
    static final String KEY_ENV = "PATH";
    private static WireMockServer server;

    static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().asynchronousResponseEnabled(true));
        server.start();
        String base = "http://localhost:" + server.port();
        Map<String, String> config = new HashMap<>();
        provider(config, "alpha", Map.of("kind", "openai-compatible", "base-url", base + "/alpha/v1",
                "model", "alpha-model", "api-key-env", KEY_ENV, "timeout", "800ms", "priority", "1"));
        provider(config, "beta", Map.of("kind", "openai-compatible", "base-url", base + "/beta/v1",
                "model", "beta-model", "timeout", "800ms", "priority", "2"));
        provider(config, "claude", Map.of("kind", "anthropic", "base-url", base + "/claude",
                "model", "claude-haiku-4-5", "api-key-env", KEY_ENV, "timeout", "800ms", "priority", "3"));
        provider(config, "slow", Map.of("kind", "openai-compatible", "base-url", base + "/slow/v1",
                "model", "slow-model", "timeout", "30s", "priority", "9"));
        return config;
    }

    private static void provider(Map<String, String> config, String name, Map<String, String> keys) {
        keys.forEach((key, value) -> config.put("echotune.llm-router.providers." + name + "." + key, value));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
