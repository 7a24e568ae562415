package io.echotune.recommender.eval;

import io.echotune.recommender.Novelty;
import io.echotune.recommender.ai.SemanticMatcher;
import io.echotune.recommender.ranking.ArtistCoListening;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.CoListening;
import io.echotune.recommender.ranking.ContextTable;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.Ranker;
import io.echotune.recommender.ranking.RankingQuery;
import io.echotune.recommender.ranking.RankingWeights;
import io.echotune.recommender.ranking.TasteProfile;
import io.echotune.recommender.support.ExportedHistories;
import io.echotune.recommender.support.InMemoryModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * In-process ranking speed and index memory (docs/benchmarks.md, "Recommendations"), by hand:
 * {@code ./mvnw -f recommender-service/pom.xml test -Dtest=RankingBenchmarkTest -Dbench=true}.
 * Top-50 over the whole shared catalog for five real listeners and a new one, with a mix of requests (plain, each
 * novelty, context, genres, seed artists, seed tracks, explicit targets, a prompt matched semantically). Measures the
 * ranking call exactly as the service makes it (query building with the prompt's embedding included), after warm-up.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RankingBenchmarkTest {

    static final int WARM_UP = 400;
    static final int MEASURED = 3_000;

    @Test
    void top50OverTheWholeCatalog() {
        Runtime rt = Runtime.getRuntime();
        long before = usedAfterGc(rt);
        InMemoryModel model = InMemoryModel.shared();
        CatalogIndex c = model.catalog;
        long withIndex = usedAfterGc(rt);

        List<TasteProfile> profiles = new ArrayList<>();
        for (String export : RecommenderEvaluationTest.HISTORIES) {
            profiles.add(TasteProfile.derive(model.accumulate(model.plays(ExportedHistories.load(export)),
                    RecommenderEvaluationTest.HALF_LIFE), List.of(), c, 200));
        }
        profiles.add(TasteProfile.empty(c));
        CoListening col = CoListening.build(c.size(), RecommenderEvaluationTest.playlists(c),
                profiles.stream().map(TasteProfile::loved).toList(), 50, 3.0, 2, 0);
        long artistStarted = System.nanoTime();
        ArtistCoListening artistCol = RecommenderEvaluationTest.artistCoListening(c,
                profiles.stream().map(TasteProfile::loved).toList(),
                io.echotune.recommender.repository.PublicListeningFiles.hetrecArtistBaskets(RecommenderEvaluationTest.HETREC));
        System.out.printf(Locale.ROOT, "Artist co-listening: %d baskets, %d pairs, %.2f MB, built in %.2f s%n",
                artistCol.baskets(), artistCol.pairs(), artistCol.estimatedBytes() / 1e6, (System.nanoTime() - artistStarted) / 1e9);
        long withCoListening = usedAfterGc(rt);
        SemanticMatcher semantic = new SemanticMatcher();
        SemanticMatcher.GenreVectors vectors = semantic.genreVectors(c, 2);
        long withVectors = usedAfterGc(rt);

        Ranker ranker = new Ranker(RankingWeights.DEFAULTS);
        Map<String, Function<Integer, RankingQuery>> mix = new LinkedHashMap<>();
        mix.put("balanced", i -> RankingQuery.simple(50, Novelty.BALANCED));
        mix.put("familiar", i -> RankingQuery.simple(50, Novelty.FAMILIAR));
        mix.put("discover", i -> RankingQuery.simple(50, Novelty.DISCOVER));
        mix.put("context (workout, morning)", i -> context(c, "workout", null, "morning"));
        mix.put("genres", i -> genres(c, List.of("indie pop", "dance pop")));
        mix.put("seed artists", i -> seedArtists(c, List.of("Lana Del Rey", "Soda Stereo")));
        mix.put("seed tracks", i -> RankingQuery.simple(50, Novelty.BALANCED).withSeedTracks(new int[] {c.byPopularity(i % 500),
            c.byPopularity(500 + i % 500), c.byPopularity(1000 + i % 500)}));
        mix.put("targets", i -> new RankingQuery(50, Novelty.BALANCED,
                Map.of(FeatureSpace.index("energy"), new ContextTable.Range(0, 0.4, 0.25)),
                Map.of(FeatureSpace.index("energy"), new ContextTable.Range(0, 0.4, 0.25)), "the targets you set", -1,
                null, null, null, null, null, null, Long.MIN_VALUE, true, null, null));
        mix.put("prompt (semantic)", i -> {
            String prompt = PROMPTS.get(i % PROMPTS.size());
            return new RankingQuery(50, Novelty.BALANCED, null, null, null, -1, null, null, null, null,
                    semantic.promptGenres(semantic.embed(prompt + " #" + (i % 97)), vectors, c.genreCount()), prompt,
                    Long.MIN_VALUE, true, null, null);
        });
        List<String> kinds = new ArrayList<>(mix.keySet());
        String answersFile = System.getProperty("bench.answers");
        if (answersFile != null) {
            writeAnswers(java.nio.file.Path.of(answersFile), ranker, c, col, artistCol, profiles, mix, kinds);
        }
        for (int i = 0; i < WARM_UP; i++) {
            run(ranker, c, col, artistCol, profiles, mix, kinds, i);
        }
        long[] all = new long[MEASURED];
        long[] cpu = new long[MEASURED];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        for (int i = 0; i < MEASURED; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            String kind = run(ranker, c, col, artistCol, profiles, mix, kinds, i);
            all[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(all[i]);
        }
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "catalog %d tracks; %d rankings of top-50 (%d warm-up), 6 listeners x %d request kinds%n",
                c.size(), MEASURED, WARM_UP, kinds.size()));
        out.append(String.format(Locale.ROOT, "machine load average %.1f before, %.1f after (2 cores)%n", loadBefore, loadAfter));
        out.append(String.format(Locale.ROOT, "| all, wall clock | %s |%n", percentiles(all)));
        out.append(String.format(Locale.ROOT, "| all, CPU time of the ranking thread | %s |%n", percentiles(cpu)));
        byKind.forEach((kind, times) -> out.append(String.format(Locale.ROOT, "| %s | %s |%n", kind,
                percentiles(times.stream().mapToLong(Long::longValue).toArray()))));
        out.append(String.format(Locale.ROOT, "memory (estimated from the arrays): catalog index %.1f MB, co-listening %.1f MB "
                        + "(%d pairs), genre vectors %.1f MB (%d), profiles %.2f MB (6)%n",
                c.estimatedBytes() / 1e6, col.estimatedBytes() / 1e6, col.pairs(), vectors.estimatedBytes() / 1e6,
                vectors.genres().length, profiles.stream().mapToLong(TasteProfile::estimatedBytes).sum() / 1e6));
        out.append(String.format(Locale.ROOT, "memory (heap after GC, includes the merged CSV records kept by the test): "
                        + "index +%.1f MB, co-listening and profiles +%.1f MB, embedding model and vectors +%.1f MB%n",
                (withIndex - before) / 1e6, (withCoListening - withIndex) / 1e6, (withVectors - withCoListening) / 1e6));
        System.out.println(out);
    }

    static final List<String> PROMPTS = List.of("something calm and jazzy for a rainy afternoon", "upbeat latin party songs",
            "sad indie songs for a breakup", "dark heavy metal for the gym", "classical piano to study");

    private static String run(Ranker ranker, CatalogIndex c, CoListening col, ArtistCoListening artistCol, List<TasteProfile> profiles,
                              Map<String, Function<Integer, RankingQuery>> mix, List<String> kinds, int i) {
        String kind = kinds.get(i % kinds.size());
        TasteProfile p = profiles.get((i / kinds.size()) % profiles.size());
        List<Ranker.Ranked> r = ranker.rank(c, col, artistCol, p, mix.get(kind).apply(i));
        if (r.size() != 50) {
            throw new AssertionError(kind + " gave " + r.size());
        }
        return kind;
    }

    /**
     * {@code -Dbench.answers=FILE}: every answer of the first two rounds of the mix (each listener, each kind) with its
     * scores, components and explanations, so that a speed change can be checked to change no answer (diff the files).
     */
    private static void writeAnswers(java.nio.file.Path file, Ranker ranker, CatalogIndex c, CoListening col, ArtistCoListening artistCol,
                                     List<TasteProfile> profiles, Map<String, Function<Integer, RankingQuery>> mix,
                                     List<String> kinds) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 2 * kinds.size() * profiles.size(); i++) {
            String kind = kinds.get(i % kinds.size());
            TasteProfile p = profiles.get((i / kinds.size()) % profiles.size());
            out.append("# ").append(i).append(' ').append(kind).append('\n');
            for (Ranker.Ranked r : ranker.rank(c, col, artistCol, p, mix.get(kind).apply(i))) {
                out.append(c.id(r.track())).append(' ').append(r.score()).append(' ').append(r.components())
                        .append(' ').append(r.explanation()).append(' ').append(r.evidence()).append('\n');
            }
        }
        try {
            java.nio.file.Files.writeString(file, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static RankingQuery context(CatalogIndex c, String activity, String mood, String time) {
        Map<Integer, ContextTable.Range> soft = new LinkedHashMap<>();
        List<Map<String, ContextTable.Range>> entries = new ArrayList<>();
        entries.add(ContextTable.activity(activity));
        if (mood != null) {
            entries.add(ContextTable.mood(mood));
        }
        // the activity and mood bound the answer as the service's query builder makes them; the time of day only aims
        Map<Integer, ContextTable.Range> bounds = new LinkedHashMap<>();
        ContextTable.combine(new ArrayList<>(entries)).forEach((f, r) -> bounds.put(FeatureSpace.index(f), r));
        entries.add(ContextTable.timeOfDay(time));
        ContextTable.combine(entries).forEach((f, r) -> soft.put(FeatureSpace.index(f), r));
        return new RankingQuery(50, Novelty.BALANCED, soft, null, "your " + activity, ContextTable.bucket(time), null, null,
                null, null, null, null, Long.MIN_VALUE, true, null, null, null, null, bounds, null);
    }

    static RankingQuery genres(CatalogIndex c, List<String> names) {
        float[] asked = new float[c.genreCount()];
        List<Integer> list = new ArrayList<>();
        java.util.BitSet bound = new java.util.BitSet();
        for (String n : names) {
            int g = c.genre(n);
            asked[g] = 1;
            list.add(g);
            // the bound as the service's query builder makes it: the genre's words in any tag, close neighbours
            for (int f : c.genresContaining(n)) {
                bound.set(f);
            }
            for (int i = c.genreNeighbours().start(g); i < c.genreNeighbours().end(g); i++) {
                if (c.genreNeighbourWeight(i) >= io.echotune.recommender.ranking.RequestBounds.CLOSE_GENRE) {
                    bound.set(c.genreNeighbours().value(i));
                }
            }
        }
        return new RankingQuery(50, Novelty.BALANCED, null, null, null, -1, null, null, asked, list, null, null,
                Long.MIN_VALUE, true, null, null, null, null, null, bound.stream().toArray());
    }

    static RankingQuery seedArtists(CatalogIndex c, List<String> names) {
        List<RankingQuery.SeedArtist> seeds = new ArrayList<>();
        for (String n : names) {
            int a = c.artist(io.echotune.commons.music.TrackNames.normalise(n));
            int[] genres = new int[c.artistGenres().size(a)];
            for (int i = 0; i < genres.length; i++) {
                genres[i] = c.artistGenres().value(c.artistGenres().start(a) + i);
            }
            seeds.add(new RankingQuery.SeedArtist(n, a, genres));
        }
        return new RankingQuery(50, Novelty.BALANCED, null, null, null, -1, null, seeds, null, null, null, null,
                Long.MIN_VALUE, true, null, null);
    }

    static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.1f ms | p95 %.1f ms | p99 %.1f ms | max %.1f ms", at(sorted, 0.50),
                at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
