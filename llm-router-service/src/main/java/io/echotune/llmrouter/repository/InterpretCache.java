package io.echotune.llmrouter.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.llmrouter.InterpretResult;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Multi;
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
 * <p>
 * A reading holds what someone wrote, so each entry a user's call stored is also listed under that user
 * ({@code llm-router:interpret:by-user:<userId>}, a set living as long as the entries): erasing the user deletes
 * them ({@link #forget(String)}). An entry is shared by identical calls of other users; deleting it only costs them a
 * cache miss.
 */
@ApplicationScoped
public class InterpretCache {

    static final String PREFIX = "llm-router:interpret:";
    static final String BY_USER_PREFIX = PREFIX + "by-user:";
    private static final Logger LOG = Logger.getLogger(InterpretCache.class);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveSetCommands<String, String> sets;
    private final ReactiveKeyCommands<String> keys;
    private final LlmRouterConfig.Cache config;
    private final ObjectMapper json;

    public InterpretCache(ReactiveRedisDataSource redis, LlmRouterConfig config, ObjectMapper json) {
        this.values = redis.value(String.class, String.class);
        this.sets = redis.set(String.class, String.class);
        this.keys = redis.key(String.class);
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

    /** Stores a reading of {@code userId}'s call (null: a caller without a user, nothing to list it under). */
    public Uni<Void> put(String userId, String key, InterpretResult result) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String value;
        try {
            value = json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().voidItem();
        }
        // listed first: an entry that exists is always findable by its user's erasure
        Uni<Void> listed = userId == null ? Uni.createFrom().voidItem()
                : sets.sadd(BY_USER_PREFIX + userId, PREFIX + key)
                        .chain(() -> keys.pexpire(BY_USER_PREFIX + userId, config.ttl().toMillis()))
                        .replaceWithVoid();
        return listed.chain(() -> values.set(PREFIX + key, value, new SetArgs().px(config.ttl())))
                .ifNoItem().after(config.timeout()).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Interpret cache write skipped: %s", e.toString());
                    return null;
                });
    }

    /**
     * Deletes every entry the user's calls stored, and their list (account erasure). Unlike reads and writes this
     * is not best effort: a failure is reported, so the erasure is tried again. One key per DEL, so that it also works
     * on a Redis Cluster, where the entries live on different shards.
     */
    public Uni<Void> forget(String userId) {
        String list = BY_USER_PREFIX + userId;
        return sets.smembers(list)
                .onItem().transformToMulti(entries -> Multi.createFrom().iterable(entries))
                .onItem().transformToUniAndConcatenate(keys::del)
                .collect().last()
                .chain(() -> keys.del(list))
                .replaceWithVoid();
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
