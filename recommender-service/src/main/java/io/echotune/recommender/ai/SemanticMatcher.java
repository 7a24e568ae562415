package io.echotune.recommender.ai;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.ContextTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The semantic component's vocabulary: catalog genre names and the context table's moods, activities and times of
 * day, each embedded once with the in-process BGE-small model (quantised ONNX, 384 dimensions, no network) and kept
 * as unit vectors. A prompt costs one embedding (about 3 ms) and a dot product per vocabulary entry; catalog tracks are
 * never embedded per request. Embedding blocks: call it on a worker thread. Thread-safe.
 */
public final class SemanticMatcher {

    /** Prompt-to-genre similarities below the best one by more than this say nothing (BGE scores sit high). */
    static final float GENRE_BAND = 0.08f;
    /** The best genre must be at least this similar for the prompt to be read as naming a sound. */
    static final float MIN_GENRE_SIMILARITY = 0.62f;
    static final float MIN_CONTEXT_SIMILARITY = 0.70f;
    static final int DIMENSIONS = 384;

    /** A context table entry the prompt is closest to. */
    public record ContextMatch(String kind, String name, float similarity) {
    }

    /** Names the model in stored vectors, so a different model never reads another's vectors. */
    public static final String MODEL_ID = "bge-small-en-v1.5-q";

    private final EmbeddingModel model;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();
    private final Map<String, float[]> unsaved = new ConcurrentHashMap<>();
    private final List<ContextEntry> contextEntries;

    private record ContextEntry(String kind, String name, float[] vector) {
    }

    /** The genre vectors of one catalog version. */
    public record GenreVectors(long catalogVersion, int[] genres, float[][] vectors) {
        public long estimatedBytes() {
            return 32L + 4L * genres.length + (long) vectors.length * (16 + 4L * (vectors.length == 0 ? 0 : vectors[0].length));
        }
    }

    /** Loads the ONNX model (about a second) and embeds the context vocabulary; blocking. */
    public SemanticMatcher() {
        this.model = new BgeSmallEnV15QuantizedEmbeddingModel();
        List<ContextEntry> entries = new ArrayList<>();
        for (String mood : ContextTable.moods()) {
            entries.add(new ContextEntry("mood", mood, embed(mood + " music")));
        }
        for (String activity : ContextTable.activities()) {
            entries.add(new ContextEntry("activity", activity, embed("music for " + activity)));
        }
        for (String time : ContextTable.timesOfDay()) {
            entries.add(new ContextEntry("timeOfDay", time, embed("music for the " + time)));
        }
        this.contextEntries = List.copyOf(entries);
    }

    /** Unit vector of a text; texts already seen come from memory. */
    public float[] embed(String text) {
        float[] known = cache.get(text);
        if (known != null) {
            return known;
        }
        float[] v = unit(model.embed(text).content().vector());
        if (cache.size() < 20_000) {
            cache.put(text, v);
        }
        return v;
    }

    /** Vectors computed earlier (stored by the service), so a restart does not embed the vocabulary again. */
    public void preload(Map<String, float[]> vectors) {
        vectors.forEach((text, v) -> {
            if (v.length == DIMENSIONS) {
                cache.putIfAbsent(text, v);
            }
        });
    }

    /** Vocabulary vectors computed since the last call, for storing. */
    public Map<String, float[]> drainUnsaved() {
        Map<String, float[]> out = new java.util.HashMap<>(unsaved);
        out.keySet().forEach(unsaved::remove);
        return out;
    }

    /** Embeds the names of genres with at least {@code minTracks} catalog tracks (known names come from memory). */
    public GenreVectors genreVectors(CatalogIndex catalog, int minTracks) {
        List<Integer> genres = new ArrayList<>();
        for (int g = 0; g < catalog.genreCount(); g++) {
            if (catalog.genreTracks().size(g) >= minTracks) {
                genres.add(g);
            }
        }
        float[][] vectors = new float[genres.size()][];
        for (int i = 0; i < genres.size(); i++) {
            String text = catalog.genreName(genres.get(i)) + " music";
            boolean known = cache.containsKey(text);
            vectors[i] = embed(text);
            if (!known) {
                unsaved.put(text, vectors[i]);
            }
        }
        return new GenreVectors(catalog.version(), genres.stream().mapToInt(Integer::intValue).toArray(), vectors);
    }

    /**
     * Per catalog genre, how well the prompt names it (0..1): genres within {@link #GENRE_BAND} of the best match get
     * a linear share (the best gets 1), provided the best reaches {@link #MIN_GENRE_SIMILARITY}; others 0.
     */
    public float[] promptGenres(float[] prompt, GenreVectors vectors, int genreCount) {
        float[] out = new float[genreCount];
        float[] sims = new float[vectors.genres().length];
        float best = -1;
        for (int i = 0; i < sims.length; i++) {
            sims[i] = dot(prompt, vectors.vectors()[i]);
            best = Math.max(best, sims[i]);
        }
        if (best < MIN_GENRE_SIMILARITY) {
            return out;
        }
        for (int i = 0; i < sims.length; i++) {
            float share = (sims[i] - (best - GENRE_BAND)) / GENRE_BAND;
            if (share > 0) {
                out[vectors.genres()[i]] = Math.min(1, share);
            }
        }
        return out;
    }

    /** The mood, activity and time of day the prompt is closest to, each when similar enough (fallback reading). */
    public List<ContextMatch> contextMatches(float[] prompt) {
        List<ContextMatch> out = new ArrayList<>();
        for (String kind : List.of("mood", "activity", "timeOfDay")) {
            ContextEntry best = null;
            float bestSim = 0;
            for (ContextEntry e : contextEntries) {
                if (e.kind().equals(kind)) {
                    float s = dot(prompt, e.vector());
                    if (best == null || s > bestSim) {
                        best = e;
                        bestSim = s;
                    }
                }
            }
            if (best != null && bestSim >= MIN_CONTEXT_SIMILARITY) {
                out.add(new ContextMatch(kind, best.name(), bestSim));
            }
        }
        return out;
    }

    public int cachedVectors() {
        return cache.size();
    }

    static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = Arrays.copyOf(v, v.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] / norm);
        }
        return out;
    }

    static float dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return (float) sum;
    }
}
