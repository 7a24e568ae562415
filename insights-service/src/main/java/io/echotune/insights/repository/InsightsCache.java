package io.echotune.insights.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.insights.config.InsightsConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Computed insights in Redis, per user, stored as the JSON they are answered with. Every user has a generation
 * counter ({@code <prefix>:{user}:generation}); every entry ({@code <prefix>:{user}:<entry>}) starts with a tag line
 * naming the generation it was computed under and the version of whatever else it depends on (the catalog), followed
 * by the answer's JSON. Invalidating all of a user's entries is one INCR: an entry whose tag names another generation
 * is never served again and is overwritten or expires by TTL. A result computed while an invalidation happens is
 * tagged with the generation it was read under, so it can never resurface as fresh.
 * <p>
 * A warm hit is one MGET of the counter and the entry (both carry the {@code {user}} hash tag, so they live on one
 * Redis Cluster shard), and the stored bytes are answered as they are: no parse, no re-serialisation. A dependency's
 * version (the catalog generation, which cannot share every user's shard) is read at the same time, not before, and
 * compared with the tag afterwards.
 * <p>
 * The single-track part of the catalog generation is counted here ({@code <prefix>:catalog:changes}, a hash of the
 * count and the epoch of the counter).
 * <p>
 * Redis is an accelerator, not a source of truth: when it fails, the insight is computed and returned anyway.
 */
@ApplicationScoped
public class InsightsCache {

    private static final Logger LOG = Logger.getLogger(InsightsCache.class);

    private static final String EPOCH = "epoch";
    private static final String COUNT = "count";
    private static final String NO_GENERATION = "0";
    private static final Uni<String> NO_DEPENDENCY = Uni.createFrom().item("-");

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveValueCommands<String, byte[]> bodies;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;
    private final ObjectMapper json;
    private final Duration ttl;
    private final String prefix;

    public InsightsCache(ReactiveRedisDataSource redis, ObjectMapper json, InsightsConfig config) {
        this.values = redis.value(String.class, String.class);
        this.bodies = redis.value(String.class, byte[].class);
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.keys = redis.key(String.class);
        this.json = json;
        this.ttl = config.cacheTtl();
        this.prefix = config.cacheKeyPrefix();
    }

    /**
     * The JSON of {@code entry} (endpoint and normalised parameters) for the user: as stored, or {@code compute}'s
     * result serialised, which is then stored.
     */
    public <T> Uni<byte[]> getOrCompute(String userId, String entry, Supplier<Uni<T>> compute) {
        return getOrCompute(userId, entry, NO_DEPENDENCY, version -> version, version -> compute.get());
    }

    /**
     * Like {@link #getOrCompute(String, String, Supplier)} for an answer that also depends on something outside the
     * user's history: {@code dependency} is its current version (null: unknown, so the answer is computed and not
     * cached), read concurrently with the entry; a stored answer serves only while {@code tag} of that version is
     * the one it was stored with. {@code compute} is given the version read.
     */
    public <D, T> Uni<byte[]> getOrCompute(String userId, String entry, Uni<D> dependency, Function<D, String> tag,
                                           Function<D, Uni<T>> compute) {
        String generationKey = generationKey(userId);
        String entryKey = entryKey(userId, entry);
        Uni<Map<String, byte[]>> stored = bodies.mget(generationKey, entryKey)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Insights cache unavailable, computing without it: %s", e.getMessage());
                    return null;
                });
        return Uni.combine().all().unis(dependency, stored).asTuple().chain(both -> {
            D version = both.getItem1();
            Map<String, byte[]> found = both.getItem2();
            if (version == null || found == null) {
                return compute.apply(version).map(this::serialise);
            }
            byte[] generation = found.get(generationKey);
            byte[] header = header(generation == null ? NO_GENERATION : new String(generation, StandardCharsets.US_ASCII),
                    tag.apply(version));
            byte[] hit = found.get(entryKey);
            if (hit != null && startsWith(hit, header)) {
                return Uni.createFrom().item(Arrays.copyOfRange(hit, header.length, hit.length));
            }
            return compute.apply(version).map(this::serialise).call(body -> store(entryKey, header, body));
        });
    }

    /** The tag line of an entry: the user's generation and the dependency's version it was computed under. */
    private static byte[] header(String generation, String dependencyVersion) {
        return (generation + " " + dependencyVersion + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] stored, byte[] header) {
        return stored.length >= header.length
                && Arrays.equals(stored, 0, header.length, header, 0, header.length);
    }

    private byte[] serialise(Object answer) {
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Insight not serialisable", e);
        }
    }

    private Uni<Void> store(String key, byte[] header, byte[] body) {
        byte[] entry = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, entry, header.length, body.length);
        return bodies.setex(key, ttl.toSeconds(), entry)
                .onFailure().invoke(e -> LOG.warnf("Could not cache %s: %s", key, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Makes every cached insight of the user stale (O(1)); returns the new generation. */
    public Uni<Long> invalidate(String userId) {
        return values.incr(generationKey(userId));
    }

    /**
     * Deletes every key of the user (account erasure): the generation is moved first, so an entry being computed
     * right now can never be served, then every {@code <prefix>:{user}:*} key is found with SCAN (in batches, never
     * blocking Redis; with the user's hash tag they all sit on one Cluster shard) and deleted one by one.
     */
    public Uni<Void> forget(String userId) {
        String pattern = prefix + ":{" + globEscaped(userId) + "}:*";
        return values.incr(generationKey(userId))
                .chain(() -> keys.scan(new KeyScanArgs().match(pattern).count(1000)).toMulti()
                        .onItem().transformToUniAndConcatenate(keys::del)
                        .collect().last())
                .chain(() -> keys.del(generationKey(userId)))
                .replaceWithVoid();
    }

    private static String globEscaped(String text) {
        return text.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }

    /** Single-track catalog changes announced so far (NONE before the first); null when Redis cannot be asked. */
    public Uni<CatalogChanges> catalogTrackChanges() {
        return hashes.hgetall(catalogChangesKey())
                .map(fields -> fields == null || fields.isEmpty() ? CatalogChanges.NONE
                        : new CatalogChanges(fields.getOrDefault(EPOCH, ""), Long.parseLong(fields.getOrDefault(COUNT, "0"))))
                .onFailure().recoverWithNull();
    }

    /**
     * Counts one catalog change: every cached insight that depends on the catalog becomes stale, for all users (O(1)).
     * The epoch is set only when the counter is created, so a counter Redis lost is recognisably a new one.
     */
    public Uni<Void> countCatalogChange() {
        String key = catalogChangesKey();
        return hashes.hsetnx(key, EPOCH, UUID.randomUUID().toString())
                .chain(() -> hashes.hincrby(key, COUNT, 1))
                .replaceWithVoid();
    }

    String catalogChangesKey() {
        return prefix + ":catalog:changes";
    }

    String generationKey(String userId) {
        // {userId} is a Redis Cluster hash tag: all keys of one user live on one shard.
        return prefix + ":{" + userId + "}:generation";
    }

    String entryKey(String userId, String entry) {
        return prefix + ":{" + userId + "}:" + entry;
    }
}
