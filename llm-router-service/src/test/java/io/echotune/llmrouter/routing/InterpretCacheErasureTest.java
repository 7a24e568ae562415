package io.echotune.llmrouter.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.echotune.commons.testing.ErasureRequests;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.llmrouter.routing.ProviderStubs.CALM_FOLK_READING;
import static io.echotune.llmrouter.routing.ProviderStubs.PROMPT;
import static io.echotune.llmrouter.routing.ProviderStubs.chatCompletions;
import static io.echotune.llmrouter.routing.ProviderStubs.openAiAnswer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LLM router's part of an erasure, through the real Kafka and Redis: {@code user.deleted} deletes the cached
 * readings the user's calls stored (and their list), leaves another user's, is reported, and a redelivered event
 * changes nothing more.
 */
@QuarkusTest
@TestProfile(InterpretCacheErasureTest.PatientStubProviders.class)
class InterpretCacheErasureTest {

    /** The stub providers, with a deadline no loaded build machine reaches: this test is about the cache only. */
    public static class PatientStubProviders extends RouterFallbackTest.StubProviders {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            config.put("echotune.llm-router.deadline", "20s");
            config.put("echotune.llm-router.cache.timeout", "5s");
            return config;
        }
    }

    private static final Duration REPORTED = Duration.ofSeconds(60);

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    RedisDataSource redis;

    @Inject
    io.echotune.llmrouter.service.GazetteerStore gazetteer;

    private WireMockServer wiremock;

    @BeforeEach
    void freshProviders() {
        RouterWarmUp.await(gazetteer);
        wiremock = WireMockProviders.server();
        wiremock.resetAll();
        breakers.resetAll();
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));
    }

    @Test
    void userDeletedDeletesTheReadingsTheUserCachedAndNoOneElses() {
        String erased = "user-" + UUID.randomUUID();
        String kept = "user-" + UUID.randomUUID();
        String erasedText = PROMPT + " (" + UUID.randomUUID() + ")";
        String keptText = PROMPT + " (" + UUID.randomUUID() + ")";
        remember(erased, erasedText);
        assertCached(erased, erasedText, true);
        remember(kept, keptText);
        assertEquals(1, redis.set(String.class).scard("llm-router:interpret:by-user:" + erased));

        UUID erasureId = ErasureRequests.requestErasure(erased);
        ErasureRequests.awaitReport(erasureId, "llm-router", REPORTED);

        assertEquals(0, redis.key().exists("llm-router:interpret:by-user:" + erased) ? 1 : 0);
        assertCached(kept, keptText, true);
        assertCached(erased, erasedText, false);   // asked again: no cached reading left

        ErasureRequests.resend(erasureId, erased);
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (ErasureRequests.reports(erasureId, "llm-router", Duration.ofSeconds(2)) < 2) {
            assertTrue(System.nanoTime() < deadline, "the redelivered user.deleted was never reported");
        }
        assertCached(kept, keptText, true);
    }

    /** Asks until the stub provider (not the offline interpreter, whose readings are not cached) answered. */
    private static void remember(String user, String text) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String provider = given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                    .body(Map.of("text", text)).when().post("/api/v1/llm/interpret").then().statusCode(200)
                    .extract().path("providerUsed");
            if ("alpha".equals(provider)) {
                return;
            }
        }
        throw new AssertionError("the stub provider never answered in time");
    }

    private static void assertCached(String user, String text, boolean cached) {
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/api/v1/llm/interpret").then().statusCode(200)
                .body("cached", equalTo(cached));
    }
}
