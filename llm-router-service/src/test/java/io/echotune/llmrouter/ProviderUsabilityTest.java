package io.echotune.llmrouter;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/** Providers whose usability does not depend on the machine: their key variables surely exist or surely do not. */
@QuarkusTest
@TestProfile(ProviderUsabilityTest.ProvidersWithKnownKeys.class)
class ProviderUsabilityTest {

    private static final String PROVIDERS = "/api/v1/llm/providers";
    /** An environment variable every test run has, standing in for a provider key. */
    private static final String PRESENT_KEY_ENV = "PATH";
    private static final String MISSING_KEY_ENV = "ECHOTUNE_TEST_KEY_THAT_IS_NEVER_SET";

    public static class ProvidersWithKnownKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            provider(config, "keyed", Map.of("kind", "openai", "base-url", "https://api.openai.com/v1",
                    "model", "gpt-4o-mini", "api-key-env", PRESENT_KEY_ENV, "priority", "1"));
            // Same priority as "keyed": the name decides.
            provider(config, "alpha-unkeyed", Map.of("kind", "anthropic", "base-url", "https://api.anthropic.com",
                    "model", "claude-haiku-4-5", "api-key-env", MISSING_KEY_ENV, "priority", "1"));
            provider(config, "switched-off", Map.of("kind", "openai", "base-url", "https://api.openai.com/v1",
                    "model", "gpt-4o-mini", "api-key-env", PRESENT_KEY_ENV, "priority", "2", "enabled", "false"));
            provider(config, "self-hosted", Map.of("kind", "openai-compatible",
                    "base-url", "http://vllm.internal:8000/v1", "model", "qwen2.5-7b-instruct", "priority", "3"));
            return config;
        }

        private static void provider(Map<String, String> config, String name, Map<String, String> keys) {
            keys.forEach((key, value) -> config.put("echotune.llm-router.providers." + name + "." + key, value));
        }
    }

    @Test
    void providersAreOrderedByPriorityThenName() {
        given().header("Authorization", bearer("user-" + UUID.randomUUID()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("name", contains("alpha-unkeyed", "keyed", "switched-off", "self-hosted",
                        "openai", "openrouter", "gemini", "anthropic", "ollama", "local"));
    }

    @Test
    void providerWithItsKeyInTheEnvironmentIsUsable() {
        given().header("Authorization", bearer("user-" + UUID.randomUUID()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("find { it.name == 'keyed' }.usable", equalTo(true))
                .body("find { it.name == 'keyed' }", not(hasKey("reason")))
                .body("find { it.name == 'keyed' }.kind", equalTo("openai"))
                .body("find { it.name == 'keyed' }.circuit", equalTo("CLOSED"));
    }

    @Test
    void providerWhoseKeyIsNotSetIsUnusableAndSaysWhy() {
        given().header("Authorization", bearer("user-" + UUID.randomUUID()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("find { it.name == 'alpha-unkeyed' }.usable", equalTo(false))
                .body("find { it.name == 'alpha-unkeyed' }.reason", equalTo(MISSING_KEY_ENV + " is not set"));
    }

    @Test
    void disabledProviderIsUnusableEvenWithItsKey() {
        given().header("Authorization", bearer("user-" + UUID.randomUUID()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("find { it.name == 'switched-off' }.usable", equalTo(false))
                .body("find { it.name == 'switched-off' }.reason",
                        equalTo("disabled by configuration (echotune.llm-router.providers.switched-off.enabled)"));
    }

    @Test
    void keylessKindWithoutKeyVariableIsUsable() {
        given().header("Authorization", bearer("user-" + UUID.randomUUID()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("find { it.name == 'self-hosted' }.usable", equalTo(true))
                .body("find { it.name == 'self-hosted' }.kind", equalTo("openai-compatible"));
    }

    @Test
    void localInterpreterStaysLastAndUsable() {
        given().header("Authorization", bearer("user-" + UUID.randomUUID()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("[-1].name", equalTo("local"))
                .body("[-1].usable", equalTo(true));
    }
}
