package io.echotune.insights.repository;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answer cache against the real Redis: what a warm hit serves, what makes it stale, and that an erasure leaves
 * nothing of the user even when an answer was being computed across it.
 */
@QuarkusTest
class InsightsCacheTest {

    private static final String ENTRY = "test?from=&to=&tz=UTC";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    InsightsCache cache;

    @Inject
    RedisDataSource redis;

    private final AtomicInteger computations = new AtomicInteger();
    private final List<String> users = new ArrayList<>();

    @AfterEach
    void forgetUsers() {
        // Their entries are stale from now on, and their counters expire.
        users.forEach(user -> cache.forget(user).await().atMost(WAIT));
    }

    @Test
    void aWarmHitServesTheStoredJsonWithoutComputing() {
        String user = newUser();
        assertEquals("{\"figure\":1}", answer(user, () -> Uni.createFrom().item(new Figure(1))));
        assertEquals("{\"figure\":1}", answer(user, () -> Uni.createFrom().item(new Figure(2))));
        assertEquals(1, computations.get());
    }

    @Test
    void invalidatingTheUserRecomputesAndLeavesOtherUsersCached() {
        String user = newUser();
        String other = newUser();
        answer(user, () -> Uni.createFrom().item(new Figure(1)));
        answer(other, () -> Uni.createFrom().item(new Figure(1)));

        cache.invalidate(user).await().atMost(WAIT);
        assertEquals("{\"figure\":2}", answer(user, () -> Uni.createFrom().item(new Figure(2))));
        assertEquals("{\"figure\":1}", answer(other, () -> Uni.createFrom().item(new Figure(2))));
    }

    @Test
    void anAnswerComputedAcrossAnInvalidationIsNotServedAfterIt() {
        String user = newUser();
        // The history changes while the answer is computed: it was read under the old generation.
        assertEquals("{\"figure\":1}", answer(user,
                () -> cache.invalidate(user).replaceWith(new Figure(1))));
        assertEquals("{\"figure\":2}", answer(user, () -> Uni.createFrom().item(new Figure(2))));
        assertEquals("{\"figure\":2}", answer(user, () -> Uni.createFrom().item(new Figure(3))));
    }

    @Test
    void anAnswerServesOnlyUnderTheDependencyVersionItWasComputedUnder() {
        String user = newUser();
        assertEquals("[\"v1\"]", answerUnder(user, "v1"));
        assertEquals("[\"v1\"]", answerUnder(user, "v1"));
        assertEquals("[\"v2\"]", answerUnder(user, "v2"));
        assertEquals("[\"v2\"]", answerUnder(user, "v2"));
        assertEquals(2, computations.get());
    }

    @Test
    void anUnknownDependencyVersionIsComputedEveryTimeAndNotCached() {
        String user = newUser();
        assertEquals("[null]", answerUnder(user, null));
        assertEquals("[null]", answerUnder(user, null));
        assertEquals(2, computations.get());
        assertEquals("[\"v1\"]", answerUnder(user, "v1"), "nothing was stored under an unknown version");
    }

    @Test
    void aUserWithoutAGenerationYetIsServedTheSecondAnswerFromTheCache() {
        String user = newUser();
        assertFalse(exists(cache.generationKey(user)), "no import ever counted for this user");
        assertEquals("{\"figure\":1}", answer(user, () -> Uni.createFrom().item(new Figure(1))));
        assertEquals("{\"figure\":1}", answer(user, () -> Uni.createFrom().item(new Figure(2))));
        assertEquals(1, computations.get());
        assertTrue(exists(cache.generationKey(user)), "the first miss created the generation");
    }

    @Test
    void anEntryOfAUserWithoutAGenerationIsNeverServed() {
        String user = newUser();
        // What an erased user's entry stored after the erasure looked like: tagged with the generation read as absent.
        redis.value(String.class).set(cache.entryKey(user, ENTRY), "0 -\n{\"figure\":0}");
        assertEquals("{\"figure\":1}", answer(user, () -> Uni.createFrom().item(new Figure(1))));
        assertEquals("{\"figure\":1}", answer(user, () -> Uni.createFrom().item(new Figure(2))));
    }

    @Test
    void anAnswerComputedAcrossAnInvalidationIsNotStored() {
        String user = newUser();
        answer(user, () -> Uni.createFrom().item(new Figure(1)));
        String other = "test?other";
        cache.invalidate(user).await().atMost(WAIT);
        text(cache.getOrCompute(user, other, () -> cache.invalidate(user).replaceWith(new Figure(2))));
        assertFalse(exists(cache.entryKey(user, other)), "computed under a generation that moved on");
    }

    @Test
    void aComputationStartedBeforeTheErasureOfANewUserStoresNothingAfterIt() throws Exception {
        String user = newUser();
        assertEquals("{\"figure\":1}", answerAcrossErasure(user));
        assertEquals(List.of(), keysOf(user), "nothing of the erased user is left in Redis");
    }

    @Test
    void aComputationStartedBeforeTheErasureOfAUserWithAGenerationStoresNothingAfterIt() throws Exception {
        String user = newUser();
        answer(user, () -> Uni.createFrom().item(new Figure(0)));
        cache.invalidate(user).await().atMost(WAIT);   // an import completed: the counter has moved on from its start
        assertEquals("{\"figure\":1}", answerAcrossErasure(user));
        assertEquals(List.of(), keysOf(user), "nothing of the erased user is left in Redis");
    }

    @Test
    void invalidatingAUserWithoutAGenerationCreatesNoKey() {
        String user = newUser();
        cache.invalidate(user).await().atMost(WAIT);   // an import.completed arriving after the user's erasure
        assertEquals(List.of(), keysOf(user), "an invalidation must not name an erased user again");
    }

    @Test
    void invalidationStillWorksAfterRedisLostItsScript() {
        String user = newUser();
        answer(user, () -> Uni.createFrom().item(new Figure(1)));
        redis.execute("SCRIPT", "FLUSH");
        cache.invalidate(user).await().atMost(WAIT);
        assertEquals("{\"figure\":2}", answer(user, () -> Uni.createFrom().item(new Figure(2))));
    }

    @Test
    void answersAreStillCachedAfterRedisLostTheStoreScript() {
        String user = newUser();
        redis.execute("SCRIPT", "FLUSH");
        answer(user, () -> Uni.createFrom().item(new Figure(1)));
        assertEquals("{\"figure\":1}", answer(user, () -> Uni.createFrom().item(new Figure(2))));
        assertEquals(1, computations.get());
    }

    @Test
    void aUsersKeysShareOneRedisClusterSlot() {
        String user = newUser();
        String hashTag = "{" + user + "}";
        assertEquals(hashTag, hashTag(cache.generationKey(user)));
        assertEquals(hashTag, hashTag(cache.entryKey(user, ENTRY)));
    }

    /** Redis Cluster hashes only the part between the first '{' and the next '}'. */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        return key.substring(open, key.indexOf('}', open) + 1);
    }

    private String answer(String user, Supplier<Uni<Figure>> compute) {
        return text(cache.getOrCompute(user, ENTRY, () -> {
            computations.incrementAndGet();
            return compute.get();
        }));
    }

    /**
     * Answers a figure whose computation has read the user's generation and is still under way when the user is
     * erased; it finishes only once {@code forget} has returned.
     */
    private String answerAcrossErasure(String user) throws Exception {
        CompletableFuture<Void> underWay = new CompletableFuture<>();
        CompletableFuture<Figure> finish = new CompletableFuture<>();
        CompletableFuture<byte[]> answered = cache.getOrCompute(user, ENTRY, () -> {
            underWay.complete(null);
            return Uni.createFrom().completionStage(finish);
        }).subscribeAsCompletionStage();
        underWay.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        cache.forget(user).await().atMost(WAIT);
        finish.complete(new Figure(1));
        return new String(answered.get(WAIT.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private List<String> keysOf(String user) {
        List<String> found = new ArrayList<>();
        redis.key().scan(new KeyScanArgs().match("*" + user + "*").count(1000)).toIterable().forEach(found::add);
        return found;
    }

    private boolean exists(String key) {
        return redis.key().exists(key);
    }

    private String answerUnder(String user, String version) {
        return text(cache.getOrCompute(user, ENTRY, Uni.createFrom().item(version), v -> v, v -> {
            computations.incrementAndGet();
            return Uni.createFrom().item(Arrays.asList(v));
        }));
    }

    private static String text(Uni<byte[]> json) {
        return new String(json.await().atMost(WAIT), StandardCharsets.UTF_8);
    }

    private String newUser() {
        String user = "cache-test-" + UUID.randomUUID();
        users.add(user);
        return user;
    }

    record Figure(int figure) {
    }
}
