package io.echotune.insights;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The application with MongoDB and Redis behind {@link StoreProxies} that tests switch off and on, and the consumers'
 * outage back-off shortened so a test waits seconds, not the production 0.5 s to 30 s.
 */
public class BehindStoreProxies implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(StoreProxies.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "echotune.consumer.retry-initial-backoff", "100ms",
                "echotune.consumer.retry-max-backoff", "500ms",
                "echotune.consumer.stalled-after-attempts", "3");
    }
}
