package io.echotune.llmrouter.service;

import io.echotune.llmrouter.ProviderStatus;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's rules on configurations that a running service cannot be started with. */
class ProviderCatalogTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    private static Map<String, String> openAi(String name) {
        return Map.of(
                "echotune.llm-router.providers." + name + ".kind", "openai",
                "echotune.llm-router.providers." + name + ".base-url", "https://api.openai.com/v1",
                "echotune.llm-router.providers." + name + ".model", "gpt-4o-mini",
                "echotune.llm-router.providers." + name + ".api-key-env", "OPENAI_API_KEY");
    }

    private static ProviderCatalog catalog(Map<String, String> properties, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredConverters()
                .withMapping(LlmRouterConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return new ProviderCatalog(config.getConfigMapping(LlmRouterConfig.class), environment::get);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    @Test
    void providerNamedLocalIsRefusedBecauseTheOfflineInterpreterOwnsTheName() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> catalog(openAi("local"), NO_ENVIRONMENT));
        assertTrue(refused.getMessage().contains("echotune.llm-router.providers.local"), refused.getMessage());
    }

    @Test
    void baseUrlThatIsNotHttpIsRefused() {
        Map<String, String> config = with(openAi("openai"), "echotune.llm-router.providers.openai.base-url",
                "api.openai.com/v1");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> catalog(config, NO_ENVIRONMENT));
        assertTrue(refused.getMessage().contains("providers.openai.base-url"), refused.getMessage());
    }

    @Test
    void apiKeyEnvHoldingSomethingOtherThanAVariableNameIsRefused() {
        Map<String, String> config = with(openAi("openai"), "echotune.llm-router.providers.openai.api-key-env",
                "pasted key value: abc123 looks like a key");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> catalog(config, NO_ENVIRONMENT));
        assertTrue(refused.getMessage().contains("providers.openai.api-key-env"), refused.getMessage());
        assertFalse(refused.getMessage().contains("abc123-looks"), "a mistaken key must not end up in a log");
    }

    @Test
    void blankKeyCountsAsNotSet() {
        ProviderStatus openai = catalog(openAi("openai"), Map.of("OPENAI_API_KEY", "  ")).statuses().get(0);
        assertFalse(openai.usable());
        assertEquals("OPENAI_API_KEY is not set", openai.reason());
    }

    @Test
    void kindThatNeedsAKeyWithoutKeyVariableIsUnusable() {
        Map<String, String> config = new HashMap<>(openAi("openai"));
        config.remove("echotune.llm-router.providers.openai.api-key-env");
        ProviderStatus openai = catalog(config, NO_ENVIRONMENT).statuses().get(0);
        assertFalse(openai.usable());
        assertTrue(openai.reason().contains("no api-key-env"), openai.reason());
    }

    @Test
    void withNoProvidersConfiguredOnlyTheLocalInterpreterIsListed() {
        List<ProviderStatus> statuses = catalog(Map.of(), NO_ENVIRONMENT).statuses();
        assertEquals(1, statuses.size());
        assertEquals("local", statuses.get(0).name());
        assertTrue(statuses.get(0).usable());
    }
}
