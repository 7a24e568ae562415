package io.echotune.llmrouter.routing;

import io.echotune.llmrouter.ProviderKind;
import io.echotune.llmrouter.ProviderSpec;
import io.echotune.llmrouter.client.ChatPrompt;
import io.echotune.llmrouter.client.ProviderClients;
import io.echotune.llmrouter.service.ProviderRouter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.echotune.llmrouter.routing.ProviderStubs.CALM_FOLK_READING;
import static io.echotune.llmrouter.routing.ProviderStubs.chatCompletions;
import static io.echotune.llmrouter.routing.ProviderStubs.openAiAnswer;

/**
 * By hand: {@code mvn -f llm-router-service/pom.xml test -Dtest=RouterOverheadBenchmarkTest -Dbench=true}. What the
 * router adds (chain, breaker, deadline, validation, metrics) over the bare HTTP call to a WireMock stub provider.
 */
@QuarkusTest
@TestProfile(RouterFallbackTest.StubProviders.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RouterOverheadBenchmarkTest {

    private static final int WARM_UP = 300;
    private static final int MEASURED = 1_000;

    @Inject
    ProviderRouter router;

    @Inject
    ProviderClients clients;

    @Test
    void routerOverheadOverAStubProvider() {
        WireMockProviders.server().resetAll();
        WireMockProviders.server().stubFor(chatCompletions("alpha").willReturn(openAiAnswer("alpha-model", CALM_FOLK_READING)));
        ProviderSpec alpha = new ProviderSpec("alpha", ProviderKind.OPENAI_COMPATIBLE,
                "http://localhost:" + WireMockProviders.server().port() + "/alpha/v1", "alpha-model", "key",
                Duration.ofSeconds(5), 1);
        ChatPrompt prompt = new ChatPrompt("Answer with JSON.", List.of(new ChatPrompt.Message("user", "calm folk")), true, 600);

        long[] direct = new long[MEASURED];
        long[] routed = new long[MEASURED];
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long started = System.nanoTime();
            clients.chat(alpha, prompt, Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(10));
            long directNanos = System.nanoTime() - started;
            started = System.nanoTime();
            router.interpret("15 calm folk songs like Bon Iver " + i, List.of(), null, null).await().atMost(Duration.ofSeconds(10));
            long routedNanos = System.nanoTime() - started;
            if (i >= WARM_UP) {
                direct[i - WARM_UP] = directNanos;
                routed[i - WARM_UP] = routedNanos;
            }
        }
        long[] overhead = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            overhead[i] = routed[i] - direct[i];
        }
        System.out.println("[bench] direct stub call: " + percentiles(direct));
        System.out.println("[bench] through the router: " + percentiles(routed));
        System.out.println("[bench] router overhead (paired difference): " + percentiles(overhead));
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", at(sorted, 0.50), at(sorted, 0.95),
                at(sorted, 0.99));
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
