package io.echotune.llmrouter.service;

import io.echotune.llmrouter.ProviderSpec;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The order the router tries remote providers in: preference, configured default, then priority; local follows. */
class RoutingOrderTest {

    private static final Map<String, String> KEYS = Map.of("KEY_A", "a", "KEY_B", "b", "KEY_C", "c");

    private static ProviderRouter router(String defaultProvider) {
        Map<String, String> properties = new HashMap<>();
        provider(properties, "first", "1", "KEY_A");
        provider(properties, "second", "2", "KEY_B");
        provider(properties, "third", "3", "KEY_C");
        provider(properties, "keyless", "0", "KEY_NEVER_SET");
        if (defaultProvider != null) {
            properties.put("echotune.llm-router.default-provider", defaultProvider);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredConverters().withMapping(LlmRouterConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        LlmRouterConfig mapping = config.getConfigMapping(LlmRouterConfig.class);
        ProviderCatalog catalog = new ProviderCatalog(mapping, KEYS::get);
        // chain() needs only the catalog and the configuration.
        return new ProviderRouter(catalog, null, null, null, null, null, mapping, null, null);
    }

    private static void provider(Map<String, String> properties, String name, String priority, String keyEnv) {
        properties.put("echotune.llm-router.providers." + name + ".kind", "openai");
        properties.put("echotune.llm-router.providers." + name + ".base-url", "https://api.openai.com/v1");
        properties.put("echotune.llm-router.providers." + name + ".model", "gpt-4o-mini");
        properties.put("echotune.llm-router.providers." + name + ".api-key-env", keyEnv);
        properties.put("echotune.llm-router.providers." + name + ".priority", priority);
    }

    private static List<String> names(List<ProviderSpec> chain) {
        return chain.stream().map(ProviderSpec::name).toList();
    }

    @Test
    void withoutPreferenceOrDefaultUsableProvidersGoByPriority() {
        assertEquals(List.of("first", "second", "third"), names(router(null).chain(null)));
    }

    @Test
    void configuredDefaultGoesFirstWhenTheUserStatesNoPreference() {
        assertEquals(List.of("third", "first", "second"), names(router("third").chain(null)));
    }

    @Test
    void usersPreferenceGoesBeforeTheDefault() {
        assertEquals(List.of("second", "third", "first"), names(router("third").chain("second")));
    }

    @Test
    void unknownOrUnusablePreferenceIsIgnored() {
        assertEquals(List.of("third", "first", "second"), names(router("third").chain("keyless")));
        assertEquals(List.of("first", "second", "third"), names(router(null).chain("no-such-provider")));
    }

    @Test
    void preferringLocalSkipsEveryRemoteProvider() {
        assertEquals(List.of(), names(router(null).chain("local")));
        assertEquals(List.of(), names(router("local").chain(null)));
    }
}
