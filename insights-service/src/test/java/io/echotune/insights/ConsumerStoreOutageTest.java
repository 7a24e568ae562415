package io.echotune.insights;

import io.echotune.commons.testing.SwitchableProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.echotune.insights.InsightsEvents.send;
import static io.echotune.insights.InsightsEvents.userEvent;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #15: the cache-invalidation consumer gave up after a few seconds of a Redis outage, so an import's new plays
 * stayed invisible behind cached figures (and an erasure would be lost the same way). It must wait the outage out,
 * never acknowledging an event before its work is done, and readiness must show the stall while it lasts.
 */
@QuarkusTest
@TestProfile(BehindStoreProxies.class)
class ConsumerStoreOutageTest extends StoredDataTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @StoreProxies.Redis
    SwitchableProxy redisProxy;

    @AfterEach
    void redisIsBack() {
        redisProxy.switchOn();
    }

    @Test
    void importEventsDuringARedisOutageAreAppliedOnceItIsBackAndReadinessShowsTheStall() {
        List<String> importers = List.of(newUser(), newUser(), newUser());
        for (String user : importers) {
            history().insertOne(play(user, "2024-05-01T10:00:00Z"));
            assertEquals(1, records(user), "cached with one record");
            history().insertOne(play(user, "2024-05-02T10:00:00Z"));   // the import's new record
            assertEquals(1, records(user), "still served from the cache");
        }
        String erased = newUser();
        history().insertOne(play(erased, "2024-05-01T10:00:00Z"));
        assertEquals(1, records(erased));

        redisProxy.switchOff();
        for (String user : importers) {
            send(bootstrap, "echotune.import-events", user, userEvent("import.completed", user));
        }
        send(bootstrap, "echotune.user-events", erased, userEvent("user.deleted", erased));
        await("readiness reports the stalled consumer", () -> {
            JsonPath health = JsonPath.from(given().get("/q/health/ready").asString());
            Map<String, Object> check = consumersCheck(health);
            return check != null && "DOWN".equals(check.get("status"));
        });
        Map<String, Object> stalled = consumersCheck(JsonPath.from(given().get("/q/health/ready").asString()));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) stalled.get("data");
        assertNotNull(data.get("failingSince"));
        assertNotNull(data.get("lastError"));
        // Every consumer waiting on Redis is listed (track-features too, when its topic holds events of earlier tests).
        String stalledConsumers = String.valueOf(data.get("stalledConsumers"));
        assertTrue(stalledConsumers.contains("import-events") || stalledConsumers.contains("user-events"), data.toString());

        redisProxy.switchOn();
        for (String user : importers) {
            await("the import of " + user + " reaches its figures", () -> records(user) == 2);
        }
        history().deleteMany(com.mongodb.client.model.Filters.eq("userId", erased));   // ingestion's part of the erasure
        await("the erased user's cached figures are dropped", () -> records(erased) == 0);
        await("readiness is UP again", () -> {
            Map<String, Object> check = consumersCheck(JsonPath.from(given().get("/q/health/ready").asString()));
            return check != null && "UP".equals(check.get("status"));
        });
    }

    private static Map<String, Object> consumersCheck(JsonPath health) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> "event-consumers".equals(c.get("name"))).findFirst().orElse(null);
    }

    private int records(String user) {
        return given().header("Authorization", bearer(user)).get("/api/v1/insights/summary")
                .then().statusCode(200).extract().path("records");
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("gave up waiting for: " + what);
    }

    private static org.bson.Document play(String user, String playedAt) {
        return musicPlay(user, playedAt, "spotify:track:" + randomTrackId(), "Track", "Artist", 60_000, "trackdone");
    }
}
