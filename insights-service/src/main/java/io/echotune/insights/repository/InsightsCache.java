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
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Computed insights in Redis, per user, stored as the JSON they are answered with. Every user has a generation
 * counter ({@code <prefix>:{user}:generation}); every entry ({@code <prefix>:{user}:<entry>}) starts with a tag line
 * naming the generation it was computed under and the version of whatever else it depends on (the catalog), followed
 * by the answer's JSON. Invalidating all of a user's entries is one INCR: an entry whose tag names another generation
 * is never served again and is overwritten or expires by TTL.
 * <p>
 * An entry is stored only while the user's generation is still the one its computation read, checked and written in
 * one Lua script on the Redis server (EVALSHA, EVAL when the server lost the script; both keys carry the user's hash
 * tag, so on Redis Cluster the script runs on the user's shard). A computation that spans an invalidation therefore
 * stores nothing, and neither does one that spans an account erasure ({@link #forget}): without the check its
 * SETEX, arriving after the erasure's SCAN and DEL, left an erased user's figures in Redis for the whole TTL. An absent
 * generation is never a valid one: a user without the counter is never served a hit, and the first miss creates the
 * counter (SETNX) before it computes, at a random value rather than 0, so a counter erased and created again never
 * repeats a generation a computation started before the erasure still holds. When the SETNX finds the counter already
 * there (another request created it meanwhile), that answer is computed and not stored.
 * <p>
 * A warm hit is one MGET of the counter and the entry (both carry the {@code {user}} hash tag, so they live on one
 * Redis Cluster shard), and the stored bytes are answered as they are: no parse, no re-serialisation. A dependency's
 * version (the catalog generation, which cannot share every user's shard) is read at the same time, not before, and
 * compared with the tag afterwards. Only a miss pays for the script (and, for a user's first answer, the SETNX).
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
    private static final Uni<String> NO_DEPENDENCY = Uni.createFrom().item("-");

    /**
     * KEYS[1] the user's generation, KEYS[2] the entry; ARGV[1] the generation the computation read, ARGV[2] the TTL
     * in seconds, ARGV[3] the entry's bytes. Stores only while the generation is still ARGV[1] (an absent one never
     * is); answers 1 when stored, 0 when not.
     */
    private static final String STORE_IF_CURRENT = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SETEX', KEYS[2], ARGV[2], ARGV[3])
              return 1
            end
            return 0
            """;
    private static final String STORE_IF_CURRENT_SHA = sha1(STORE_IF_CURRENT);
    /** KEYS[1] the user's generation: incremented when it exists, never created. */
    private static final String INCREMENT_IF_PRESENT = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return redis.call('INCR', KEYS[1])
            end
            return 0
            """;
    private static final String INCREMENT_IF_PRESENT_SHA = sha1(INCREMENT_IF_PRESENT);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveValueCommands<String, byte[]> bodies;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;
    private final Redis scripts;
    private final ObjectMapper json;
    private final Duration ttl;
    private final String prefix;

    public InsightsCache(ReactiveRedisDataSource redis, ObjectMapper json, InsightsConfig config) {
        this.values = redis.value(String.class, String.class);
        this.bodies = redis.value(String.class, byte[].class);
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.keys = redis.key(String.class);
        // the client under the data source: its requests take byte[] arguments, so the entry is sent as it was made
        this.scripts = redis.getRedis();
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
            String dependencyVersion = tag.apply(version);
            byte[] generation = found.get(generationKey);
            if (generation == null) {
                return createGeneration(generationKey).chain(created -> created == null
                        ? compute.apply(version).map(this::serialise)
                        : computeAndStore(generationKey, entryKey, header(created, dependencyVersion), created,
                                compute.apply(version)));
            }
            String current = new String(generation, StandardCharsets.US_ASCII);
            byte[] header = header(current, dependencyVersion);
            byte[] hit = found.get(entryKey);
            if (hit != null && startsWith(hit, header)) {
                return Uni.createFrom().item(Arrays.copyOfRange(hit, header.length, hit.length));
            }
            return computeAndStore(generationKey, entryKey, header, current, compute.apply(version));
        });
    }

    private <T> Uni<byte[]> computeAndStore(String generationKey, String entryKey, byte[] header, String generation,
                                            Uni<T> computation) {
        return computation.map(this::serialise)
                .call(body -> store(generationKey, entryKey, generation, header, body));
    }

    /**
     * Creates the user's generation counter at a random value, before anything is computed under it; the value, or
     * null when the counter was already there (created meanwhile: nothing is stored this time) or Redis failed.
     */
    private Uni<String> createGeneration(String generationKey) {
        String initial = Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));
        return values.setnx(generationKey, initial)
                .map(created -> created ? initial : null)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Insights cache unavailable, computing without it: %s", e.getMessage());
                    return null;
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

    /** Stores the entry only if the user's generation is still the one it was computed under (one script). */
    private Uni<Void> store(String generationKey, String entryKey, String generation, byte[] header, byte[] body) {
        byte[] entry = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, entry, header.length, body.length);
        return runScript(STORE_IF_CURRENT, STORE_IF_CURRENT_SHA, request -> request.arg(2).arg(generationKey)
                        .arg(entryKey).arg(generation).arg(ttl.toSeconds()).arg(entry))
                .invoke(stored -> {
                    if (stored.toInteger() == 0) {
                        LOG.debugf("Not caching %s: its generation %s is no longer current", entryKey, generation);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Could not cache %s: %s", entryKey, e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Runs a Lua script by its SHA-1 (EVALSHA), and by its text (EVAL) when the server answers NOSCRIPT: it restarted,
     * failed over or flushed its scripts since it last ran this one. {@code keysAndArgs} appends the key count, the
     * keys and the arguments.
     */
    private Uni<Response> runScript(String script, String sha, UnaryOperator<Request> keysAndArgs) {
        return scripts.send(keysAndArgs.apply(Request.cmd(Command.EVALSHA).arg(sha)))
                .onFailure(InsightsCache::isNoScript)
                .recoverWithUni(() -> scripts.send(keysAndArgs.apply(Request.cmd(Command.EVAL).arg(script))));
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-1", e);
        }
    }

    /**
     * Makes every cached insight of the user stale (O(1)). Only a counter that exists is moved: a user without one has
     * no entry that could be served, and an INCR would create the key, naming an erased user again when their
     * {@code import.completed} arrives after the {@code user.deleted} that removed it.
     */
    public Uni<Void> invalidate(String userId) {
        String key = generationKey(userId);
        return runScript(INCREMENT_IF_PRESENT, INCREMENT_IF_PRESENT_SHA, request -> request.arg(1).arg(key))
                .replaceWithVoid();
    }

    /**
     * Deletes every key of the user (account erasure): the generation is moved first, so an entry being computed
     * right now can neither be served nor stored (its script finds another generation, then none), then every
     * {@code <prefix>:{user}:*} key is found with SCAN (in batches, never blocking Redis; with the user's hash tag they
     * all sit on one Cluster shard) and deleted one by one, the generation last.
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
