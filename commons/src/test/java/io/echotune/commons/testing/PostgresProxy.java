package io.echotune.commons.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A {@link SwitchableProxy} in front of the stack's real PostgreSQL (ECHOTUNE_POSTGRES_HOST/PORT/DB), with both
 * datasources of the service under test pointed at it: the reactive one the service queries and the JDBC one Flyway
 * migrates with (and readiness checks). A test field of type SwitchableProxy annotated {@link Injected} receives it,
 * so the test can take PostgreSQL away and bring it back while the service runs.
 */
public class PostgresProxy implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Injected {
    }

    private SwitchableProxy proxy;

    @Override
    public Map<String, String> start() {
        proxy = SwitchableProxy.inFrontOf("postgresql://" + env("ECHOTUNE_POSTGRES_HOST", "localhost") + ":"
                + env("ECHOTUNE_POSTGRES_PORT", "15432"));
        String address = "localhost:" + proxy.port() + "/" + env("ECHOTUNE_POSTGRES_DB", "echotune");
        return Map.of("quarkus.datasource.reactive.url", "postgresql://" + address,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(Injected.class, SwitchableProxy.class));
    }

    @Override
    public void stop() {
        proxy.close();
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
