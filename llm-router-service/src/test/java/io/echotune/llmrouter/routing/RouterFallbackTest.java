package io.echotune.llmrouter.routing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.echotune.llmrouter.service.GazetteerStore;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.llmrouter.routing.ProviderStubs.CALM_FOLK_READING;
import static io.echotune.llmrouter.routing.ProviderStubs.PROMPT;
import static io.echotune.llmrouter.routing.ProviderStubs.anthropicAnswer;
import static io.echotune.llmrouter.routing.ProviderStubs.anthropicMessages;
import static io.echotune.llmrouter.routing.ProviderStubs.chatCompletions;
import static io.echotune.llmrouter.routing.ProviderStubs.openAiAnswer;
import static io.echotune.llmrouter.routing.ProviderStubs.openAiError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing over WireMock providers that answer, hang, rate-limit, fail and talk nonsense. Timings are shortened in
 * the profile (deadline 4 s, provider timeouts 0.8 s, breaker delay 3 s) instead of sleeping long.
 */
@QuarkusTest
@TestProfile(RouterFallbackTest.StubProviders.class)
class RouterFallbackTest {

    private static final String INTERPRET = "/api/v1/llm/interpret";
    private static final String PROVIDERS = "/api/v1/llm/providers";

    public static class StubProviders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            // room for a busy build machine: a loaded CI box once missed 2.5 s for three stubbed calls
            config.put("echotune.llm-router.deadline", "4000ms");
            config.put("echotune.llm-router.retry.budget", "1");
            config.put("echotune.llm-router.retry.initial-backoff", "50ms");
            config.put("echotune.llm-router.retry.max-backoff", "200ms");
            config.put("echotune.llm-router.retry.max-retry-after", "1500ms");
            config.put("echotune.llm-router.breaker.request-volume", "2");
            config.put("echotune.llm-router.breaker.failure-ratio", "0.5");
            // longer than two calls take on a loaded machine, so the circuit cannot half-open between them
            config.put("echotune.llm-router.breaker.delay", "3s");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WireMockProviders.class));
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    private WireMockServer wiremock;
    /** The message of this test: unique, so that no other test's cached reading answers it. */
    private String prompt;

    @Inject
    GazetteerStore gazetteer;

    @BeforeEach
    void routerWarm() {
        RouterWarmUp.await(gazetteer);
    }

    @BeforeEach
    void freshProvidersAndBreakers() {
        prompt = PROMPT + " (" + UUID.randomUUID() + ")";
        wiremock = WireMockProviders.server();
        wiremock.resetAll();
        breakers.resetAll();
    }

    private static ValidatableResponse interpret(Map<String, Object> body) {
        return given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(body).when().post(INTERPRET).then();
    }

    private static ValidatableResponse providers() {
        return given().header("Authorization", bearer("user-" + UUID.randomUUID())).when().get(PROVIDERS).then();
    }

    @Test
    void firstProviderAnswersInTheRealOpenAiShape() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model-2025-01", CALM_FOLK_READING)));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("alpha"))
                .body("model", org.hamcrest.Matchers.equalTo("alpha-model-2025-01"))
                .body("intent", org.hamcrest.Matchers.equalTo("recommend"))
                .body("entities.artists", contains("Bon Iver"))
                .body("entities.moods", contains("calm"))
                .body("count", org.hamcrest.Matchers.equalTo(15))
                .body("promptVersion", org.hamcrest.Matchers.equalTo("interpret.v2"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(0))
                .body("tokens.input", org.hamcrest.Matchers.equalTo(812))
                .body("tokens.output", org.hamcrest.Matchers.equalTo(64));

        wiremock.verify(1, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + System.getenv(WireMockProviders.KEY_ENV)))
                .withRequestBody(matchingJsonPath("$.model", equalTo("alpha-model")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing(PROMPT)))
                .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_object"))));
        providers().statusCode(200)
                .body("find { it.name == 'alpha' }.lastLatencyMs", greaterThanOrEqualTo(0))
                .body("find { it.name == 'alpha' }.circuit", org.hamcrest.Matchers.equalTo("CLOSED"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("echotune_llm_calls_seconds_count{model=\"alpha-model-2025-01\",operation=\"interpret\","
                + "outcome=\"success\",provider=\"alpha\"}"), "per-call timer by provider, model and outcome");
        assertTrue(metrics.contains("echotune_llm_tokens_total{direction=\"input\",model=\"alpha-model-2025-01\",provider=\"alpha\"}"),
                "tokens by provider and model");
        assertTrue(metrics.contains("echotune_llm_call_attempts_count{operation=\"interpret\",provider=\"alpha\"}"),
                "attempts per provider");
    }

    @Test
    void serverErrorIsRetriedOnceThenTheNextProviderAnswers() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiError(500, "server_error", "The server had an error")));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(1));

        // One retry: the request's whole budget.
        wiremock.verify(2, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
        wiremock.verify(1, postRequestedFor(urlEqualTo("/beta/v1/chat/completions")));
    }

    @Test
    void rateLimitIsRetriedAfterTheRetryAfterTheProviderAsked() {
        wiremock.stubFor(chatCompletions("alpha").inScenario("rate limit").whenScenarioStateIs(STARTED)
                .willReturn(openAiError(429, "requests", "Rate limit reached").withHeader("Retry-After", "1"))
                .willSetStateTo("cooled down"));
        wiremock.stubFor(chatCompletions("alpha").inScenario("rate limit").whenScenarioStateIs("cooled down")
                .willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));

        long started = System.nanoTime();
        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("alpha"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(0));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs >= 1000, "waited for Retry-After: " + tookMs + " ms");
        wiremock.verify(2, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void retryAfterLongerThanAllowedGoesStraightToTheNextProvider() {
        wiremock.stubFor(chatCompletions("alpha")
                .willReturn(openAiError(429, "requests", "Rate limit reached").withHeader("Retry-After", "3600")));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"))
                .body("latencyMs", lessThan(1000));
        wiremock.verify(1, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void hangingProviderTimesOutAndTheNextAnswers() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)
                .withFixedDelay(5_000)));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(1))
                .body("latencyMs", lessThan(2000));
    }

    @Test
    void invalidOutputIsRepairedOnceBySameProvider() {
        wiremock.stubFor(chatCompletions("alpha").inScenario("repair").whenScenarioStateIs(STARTED)
                .willReturn(openAiAnswer("alpha-model", "Sure! Here are some calm folk songs for you."))
                .willSetStateTo("asked to repair"));
        wiremock.stubFor(chatCompletions("alpha").inScenario("repair").whenScenarioStateIs("asked to repair")
                .willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("alpha"))
                .body("entities.genres", contains("folk"));

        wiremock.verify(postRequestedFor(urlEqualTo("/alpha/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[3].content", containing("could not be used"))));
    }

    @Test
    void outputStillInvalidAfterTheRepairGoesToTheNextProvider() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model",
                "{\"intent\": \"dance\", \"entities\": {\"moods\": [\"groovy vibes\"]}}")));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(1));
        wiremock.verify(2, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void malformedResponseBodyGoesToTheNextProvider() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"choices\": [{\"message\": ")));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"));
    }

    @Test
    void anthropicIsCalledWithTheMessagesApiShape() {
        wiremock.stubFor(anthropicMessages("claude").willReturn(anthropicAnswer("claude-haiku-4-5-20251001",
                CALM_FOLK_READING.substring(CALM_FOLK_READING.indexOf('{') + 1))));

        interpret(Map.of("text", prompt, "provider", "claude")).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("claude"))
                .body("model", org.hamcrest.Matchers.equalTo("claude-haiku-4-5-20251001"))
                .body("entities.artists", contains("Bon Iver"))
                .body("tokens.input", org.hamcrest.Matchers.equalTo(700));

        wiremock.verify(1, postRequestedFor(urlEqualTo("/claude/v1/messages"))
                .withHeader("x-api-key", equalTo(System.getenv(WireMockProviders.KEY_ENV)))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5")))
                .withRequestBody(matchingJsonPath("$.system", containing("JSON")))
                .withRequestBody(matchingJsonPath("$.max_tokens"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("{"))));
        wiremock.verify(0, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void usersPreferredProviderIsTriedBeforeThePriorityOrder() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        given().header("Authorization", bearer("user-" + UUID.randomUUID()))
                .header("X-Echotune-Llm-Provider", "beta")
                .contentType(ContentType.JSON).body(Map.of("text", prompt))
                .when().post(INTERPRET).then().statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"));
        wiremock.verify(0, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void thePreferenceCarriedInTheIdentityTokenIsTriedFirstWhenTheRequestNamesNone() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        String token = io.echotune.commons.testing.InternalTokens.forUser("user-" + UUID.randomUUID(),
                java.util.Set.of("read", "write"), Map.of("llmProvider", "beta"));
        given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON).body(Map.of("text", prompt))
                .when().post(INTERPRET).then().statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"));
        wiremock.verify(0, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void localAnswersWhenEveryRemoteProviderIsDown() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiError(503, "server_error", "overloaded")));
        wiremock.stubFor(chatCompletions("beta").willReturn(aResponse().withFault(
                com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        wiremock.stubFor(anthropicMessages("claude").willReturn(aResponse().withStatus(529)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        wiremock.stubFor(chatCompletions("slow").willReturn(openAiError(500, "server_error", "down")));

        interpret(Map.of("text", prompt)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("local"))
                .body("model", org.hamcrest.Matchers.equalTo("echotune-local"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(4))
                .body("intent", org.hamcrest.Matchers.equalTo("recommend"))
                .body("entities.moods", contains("calm"))
                .body("count", org.hamcrest.Matchers.equalTo(15));
    }

    @Test
    void overallDeadlineHoldsWhenAProviderHangsLongerThanItsOwnTimeout() {
        wiremock.stubFor(chatCompletions("slow").willReturn(openAiAnswer("slow-model", CALM_FOLK_READING)
                .withFixedDelay(10_000)));

        long started = System.nanoTime();
        interpret(Map.of("text", prompt, "provider", "slow")).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("local"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 4_500, "answered within the 4 s deadline (plus HTTP overhead): " + tookMs + " ms");
        wiremock.verify(0, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void aCallersShorterDeadlineIsHeldAndTheHangingProviderCountsAsFailed() {
        // the chat service waits 10 s and says so (X-Echotune-Deadline-Ms, 7/10 of it): the router must give the
        // provider up in time for the offline interpreter to answer, not at its own deadline
        wiremock.stubFor(chatCompletions("slow").willReturn(openAiAnswer("slow-model", CALM_FOLK_READING)
                .withFixedDelay(10_000)));

        long started = System.nanoTime();
        given().header("Authorization", bearer("user-" + UUID.randomUUID())).header("X-Echotune-Deadline-Ms", "1500")
                .contentType(ContentType.JSON).body(Map.of("text", prompt, "provider", "slow"))
                .when().post(INTERPRET).then().statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("local"))
                .body("fallbackAttempts", greaterThanOrEqualTo(1));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 3_000, "answered within the caller's 1.5 s (plus HTTP overhead), not the router's 4 s: "
                + tookMs + " ms");
        // an unreadable header is ignored: the router's own deadline applies
        given().header("Authorization", bearer("user-" + UUID.randomUUID())).header("X-Echotune-Deadline-Ms", "soon")
                .contentType(ContentType.JSON).body(Map.of("text", prompt + " again"))
                .when().post(INTERPRET).then().statusCode(200);
    }

    @Test
    void breakerOpensAfterFailuresSkipsTheProviderThenHalfOpensAndClosesOnSuccess() throws InterruptedException {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiError(500, "server_error", "down")));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model", CALM_FOLK_READING)));

        // Two failed calls (one try, one retry) reach the request volume at a failure ratio of 1: the circuit opens.
        interpret(Map.of("text", prompt + " #1")).statusCode(200).body("providerUsed", org.hamcrest.Matchers.equalTo("beta"));
        providers().body("find { it.name == 'alpha' }.circuit", org.hamcrest.Matchers.equalTo("OPEN"));

        // While open, alpha is not called at all.
        interpret(Map.of("text", prompt + " #2")).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(0));
        wiremock.verify(2, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));

        Thread.sleep(3_100); // the breaker delay of the profile
        providers().body("find { it.name == 'alpha' }.circuit", org.hamcrest.Matchers.equalTo("HALF_OPEN"));

        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));
        interpret(Map.of("text", prompt + " #3")).statusCode(200).body("providerUsed", org.hamcrest.Matchers.equalTo("alpha"));
        providers().body("find { it.name == 'alpha' }.circuit", org.hamcrest.Matchers.equalTo("CLOSED"));
    }

    @Test
    void composeUsesTheRemoteProviderWhenItAnswers() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model",
                "Here are 3 calm tracks, starting with Holocene by Bon Iver.")));

        given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("intent", "recommend", "facts", Map.of("count", 3, "tracks",
                        List.of(Map.of("name", "Holocene", "artists", List.of("Bon Iver"))))))
                .when().post("/api/v1/llm/compose").then().statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("alpha"))
                .body("promptVersion", org.hamcrest.Matchers.equalTo("compose.v1"))
                .body("reply", org.hamcrest.Matchers.startsWith("Here are 3 calm tracks"));
        wiremock.verify(postRequestedFor(urlEqualTo("/alpha/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Holocene")))
                .withRequestBody(matchingJsonPath("$.response_format", com.github.tomakehurst.wiremock.client.WireMock.absent())));
    }

    @Test
    void composedReplyWithAnInventedNumberIsRepairedOnceThenLeftForTheNextProvider() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model",
                "Here are 25 tracks from 1997 for you!")));
        wiremock.stubFor(chatCompletions("beta").willReturn(openAiAnswer("beta-model",
                "Here are 3 tracks, starting with Holocene by Bon Iver.")));

        given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("intent", "recommend", "facts", Map.of("count", 3, "tracks",
                        List.of(Map.of("name", "Holocene", "artists", List.of("Bon Iver"))))))
                .when().post("/api/v1/llm/compose").then().statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("beta"))
                .body("fallbackAttempts", org.hamcrest.Matchers.equalTo(1));
        wiremock.verify(2, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
        wiremock.verify(postRequestedFor(urlEqualTo("/alpha/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[3].content", containing("25 is not in the facts"))));
    }

    @Test
    void identicalInterpretCallIsAnsweredFromTheCacheWithoutCallingTheProvider() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));
        String text = PROMPT + " (" + UUID.randomUUID() + ")";

        interpret(Map.of("text", text)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("alpha"))
                .body("cached", org.hamcrest.Matchers.equalTo(false));
        interpret(Map.of("text", text)).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("alpha"))
                .body("cached", org.hamcrest.Matchers.equalTo(true))
                .body("entities.artists", contains("Bon Iver"))
                .body("tokens.input", org.hamcrest.Matchers.equalTo(0));
        // Other turns before the same words are another call.
        interpret(Map.of("text", text, "context", List.of(Map.of("role", "user", "text", "jazz please")))).statusCode(200)
                .body("cached", org.hamcrest.Matchers.equalTo(false));

        wiremock.verify(2, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }

    @Test
    void readingGivenOfflineWhileProvidersAreDownIsNotCached() {
        wiremock.stubFor(chatCompletions("alpha").willReturn(openAiError(400, "invalid_request_error", "bad")));
        String text = PROMPT + " (" + UUID.randomUUID() + ")";
        Map<String, Object> body = Map.of("text", text, "provider", "local");

        interpret(body).statusCode(200).body("providerUsed", org.hamcrest.Matchers.equalTo("local"));
        interpret(body).statusCode(200)
                .body("providerUsed", org.hamcrest.Matchers.equalTo("local"))
                .body("cached", org.hamcrest.Matchers.equalTo(false));
        wiremock.verify(0, postRequestedFor(urlEqualTo("/alpha/v1/chat/completions")));
    }
}
