package io.echotune.recommender.support;

import io.echotune.commons.testing.SwitchableProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Puts a {@link SwitchableProxy} in front of the stack's real MongoDB and points the application at it, so a test can
 * take MongoDB away and bring it back while the service runs; a test field of type SwitchableProxy receives it. The
 * tests' own clients ({@link Stores}) keep talking to MongoDB directly.
 */
public class MongoProxy implements QuarkusTestResourceLifecycleManager {

    private SwitchableProxy proxy;

    @Override
    public Map<String, String> start() {
        proxy = SwitchableProxy.inFrontOf(RecommenderTestEnvironment.mongoUri());
        return Map.of("quarkus.mongodb.connection-string", "mongodb://localhost:" + proxy.port());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.MatchesType(SwitchableProxy.class));
    }

    @Override
    public void stop() {
        proxy.close();
    }
}
