package io.echotune.llmrouter.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.llmrouter.InterpretResult;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Interpret results of identical calls, in Redis under {@code llm-router:interpret:<sha-256 of the call>} with a TTL.
 * Best effort: a slow or unreachable Redis only means no cache (the call goes on within
 * {@code echotune.llm-router.cache.timeout}), never a failed call.
 */
@ApplicationScoped
public class InterpretCache {

    static final String PREFIX = "llm-router:interpret:";
    private static final Logger LOG = Logger.getLogger(InterpretCache.class);

    private final ReactiveValueCommands<String, String> values;
    private final LlmRouterConfig.Cache config;
    private final ObjectMapper json;

    public InterpretCache(ReactiveRedisDataSource redis, LlmRouterConfig config, ObjectMapper json) {
        this.values = redis.value(String.class, String.class);
        this.config = config.cache();
        this.json = json;
    }

    public Uni<Optional<InterpretResult>> get(String key) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return values.get(PREFIX + key)
                .ifNoItem().after(config.timeout()).fail()
                .map(this::read)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Interpret cache read skipped: %s", e.toString());
                    return Optional.empty();
                });
    }

    public Uni<Void> put(String key, InterpretResult result) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String value;
        try {
            value = json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().voidItem();
        }
        return values.set(PREFIX + key, value, new SetArgs().px(config.ttl()))
                .ifNoItem().after(config.timeout()).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Interpret cache write skipped: %s", e.toString());
                    return null;
                });
    }

    private Optional<InterpretResult> read(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(value, InterpretResult.class));
        } catch (JsonProcessingException e) {
            // Written by another version of this service: treat as a miss; the next write replaces it.
            return Optional.empty();
        }
    }
}
