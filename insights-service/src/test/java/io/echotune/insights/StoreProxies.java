package io.echotune.insights;

import io.echotune.commons.testing.SwitchableProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Puts a {@link SwitchableProxy} in front of the stack's real MongoDB and Redis and points the application at them, so
 * a test can take a store away and bring it back while the service runs. Test fields of type SwitchableProxy annotated
 * {@link Mongo} or {@link Redis} receive the proxies.
 */
public class StoreProxies implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Mongo {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Redis {
    }

    private SwitchableProxy mongo;
    private SwitchableProxy redis;

    @Override
    public Map<String, String> start() {
        mongo = SwitchableProxy.inFrontOf(env("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017"));
        redis = SwitchableProxy.inFrontOf(env("ECHOTUNE_REDIS_URL", "redis://localhost:16379"));
        return Map.of(
                "quarkus.mongodb.connection-string", "mongodb://localhost:" + mongo.port(),
                "quarkus.redis.hosts", "redis://localhost:" + redis.port());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(mongo, new TestInjector.AnnotatedAndMatchesType(Mongo.class, SwitchableProxy.class));
        injector.injectIntoFields(redis, new TestInjector.AnnotatedAndMatchesType(Redis.class, SwitchableProxy.class));
    }

    @Override
    public void stop() {
        mongo.close();
        redis.close();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
