package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * By hand: {@code mvn -f llm-router-service/pom.xml test -Dtest=LocalInterpretBenchmarkTest -Dbench=true}. Latency of
 * one offline reading (embedding included) over the 312 labelled prompts, with the shared catalog's gazetteer.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class LocalInterpretBenchmarkTest {

    private static final int WARM_UP_ROUNDS = 3;
    private static final int MEASURED_ROUNDS = 10;

    @Test
    void localInterpretLatency() {
        Gazetteer catalog = SharedCatalog.gazetteer();
        LocalInterpreter interpreter = new LocalInterpreter(Lexicon.loadDefault(), () -> catalog,
                IntentPrototypes.loadDefault(), InterpretAccuracyTest.EVALUATION_CLOCK);
        List<LabelledPrompt> prompts = new ArrayList<>(LabelledPrompt.read("interpret/dev.txt"));
        prompts.addAll(LabelledPrompt.read("interpret/heldout.txt"));
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            prompts.forEach(p -> interpreter.interpret(p.text(), p.context()));
        }
        long[] nanos = new long[prompts.size() * MEASURED_ROUNDS];
        int i = 0;
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            for (LabelledPrompt p : prompts) {
                List<Turn> context = p.context();
                long started = System.nanoTime();
                interpreter.interpret(p.text(), context);
                nanos[i++] = System.nanoTime() - started;
            }
        }
        long[] embedding = new long[prompts.size()];
        IntentPrototypes prototypes = IntentPrototypes.loadDefault();
        for (int k = 0; k < prompts.size(); k++) {
            long started = System.nanoTime();
            prototypes.vote(prompts.get(k).text());
            embedding[k] = System.nanoTime() - started;
        }
        System.out.println("[bench] prototype vote alone (one embedding), " + embedding.length + " prompts: "
                + percentiles(embedding));
        System.out.println("[bench] local interpret, " + nanos.length + " readings on "
                + Runtime.getRuntime().availableProcessors() + " cores: " + percentiles(nanos));
    }

    static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
