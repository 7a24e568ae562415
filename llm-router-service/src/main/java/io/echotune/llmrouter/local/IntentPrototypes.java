package io.echotune.llmrouter.local;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import io.echotune.llmrouter.Intent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Intent by nearest prototypes: every prototype sentence ({@code interpret/intent-prototypes.txt}) is embedded once
 * with the in-process BGE-small model (ONNX, no network); a message's intent is the similarity-weighted vote of its
 * {@value #K} nearest prototypes. Embedding blocks for a few milliseconds: call it on a worker thread, never on the
 * event loop. Thread-safe after construction.
 */
public final class IntentPrototypes {

    public static final String RESOURCE = "interpret/intent-prototypes.txt";
    static final int K = 5;

    private record Prototype(Intent intent, float[] vector) {
    }

    /** Intents with their vote, best first. */
    public record Vote(Intent intent, double score) {
    }

    private final EmbeddingModel model;
    private final List<Prototype> prototypes;

    private IntentPrototypes(EmbeddingModel model, List<Prototype> prototypes) {
        this.model = model;
        this.prototypes = List.copyOf(prototypes);
    }

    /** Loads the ONNX model and embeds the shipped prototypes: about a second; blocking. */
    public static IntentPrototypes loadDefault() {
        EmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();
        List<Prototype> prototypes = new ArrayList<>();
        for (String[] line : readPrototypes()) {
            Intent intent = Intent.fromId(line[0]);
            if (intent == null) {
                throw new IllegalStateException(RESOURCE + ": unknown intent '" + line[0] + "'");
            }
            prototypes.add(new Prototype(intent, unit(model.embed(line[1]).content().vector())));
        }
        return new IntentPrototypes(model, prototypes);
    }

    /** The intents voted for by the message's nearest prototypes, best first. */
    public List<Vote> vote(String text) {
        float[] query = unit(model.embed(text).content().vector());
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < prototypes.size(); i++) {
            scored.add(new double[] {i, dot(query, prototypes.get(i).vector())});
        }
        scored.sort(Comparator.comparingDouble((double[] s) -> s[1]).reversed());
        Map<Intent, Double> votes = new EnumMap<>(Intent.class);
        for (int i = 0; i < Math.min(K, scored.size()); i++) {
            Intent intent = prototypes.get((int) scored.get(i)[0]).intent();
            votes.merge(intent, scored.get(i)[1], Double::sum);
        }
        List<Vote> ranked = new ArrayList<>();
        votes.forEach((intent, score) -> ranked.add(new Vote(intent, score)));
        ranked.sort(Comparator.comparingDouble(Vote::score).reversed());
        return ranked;
    }

    private static List<String[]> readPrototypes() {
        List<String[]> lines = new ArrayList<>();
        try (InputStream in = IntentPrototypes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\|", 2);
                lines.add(new String[] {parts[0].trim(), parts[1].trim()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
