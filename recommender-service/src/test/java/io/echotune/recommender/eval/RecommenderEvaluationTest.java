package io.echotune.recommender.eval;

import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.catalog.CatalogTrack;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.ranking.ArtistCoListening;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.CoListening;
import io.echotune.recommender.ranking.Play;
import io.echotune.recommender.ranking.PlayWeights;
import io.echotune.recommender.ranking.Ranker;
import io.echotune.recommender.ranking.RankingQuery;
import io.echotune.recommender.ranking.RankingWeights;
import io.echotune.recommender.ranking.TasteAccumulator;
import io.echotune.recommender.ranking.TasteProfile;
import io.echotune.recommender.repository.PublicListeningFiles;
import io.echotune.recommender.support.ExportedHistories;
import io.echotune.recommender.support.InMemoryModel;
import io.echotune.recommender.support.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The offline evaluation of docs/evaluation.md, reproducible with one command:
 * {@code ./mvnw -f recommender-service/pom.xml test -Dtest=RecommenderEvaluationTest -Deval=true}.
 * It runs the service's own model code (index, taste accumulator, profile, co-listening, ranker) on the shared files,
 * prints the tables and writes them to {@code target/evaluation.md}. Everything is deterministic: splits are by time
 * or by a hash, the random baseline has a fixed seed.
 */
@EnabledIfSystemProperty(named = "eval", matches = "true")
class RecommenderEvaluationTest {

    static final int K = 50;
    static final long HALF_LIFE = 120L * 24 * 3600 * 1000;
    static final List<String> HISTORIES = List.of("extended/efrrowini", "extended/primoscope", "basic/jonas-mika",
            "basic/anferben", "basic/bjayesh47");

    private final StringBuilder report = new StringBuilder();
    private final Ranker ranker = new Ranker(RankingWeights.DEFAULTS);

    /** The model with one component switched off at a time: what each contributes. */
    static Map<String, Ranker> ablations() {
        RankingWeights d = RankingWeights.DEFAULTS;
        Map<String, Ranker> out = new LinkedHashMap<>();
        out.put("without taste", new Ranker(new RankingWeights(0, d.context(), d.semantic(), d.collaborative(), d.novelty(),
                d.popularity(), d.diversity(), d.perArtistCap(), d.featureCandidates(), d.poolFactor(), d.forgottenAfterMs())));
        out.put("without semantic", new Ranker(new RankingWeights(d.taste(), d.context(), 0, d.collaborative(), d.novelty(),
                d.popularity(), d.diversity(), d.perArtistCap(), d.featureCandidates(), d.poolFactor(), d.forgottenAfterMs())));
        out.put("without collaborative", new Ranker(new RankingWeights(d.taste(), d.context(), d.semantic(), 0, d.novelty(),
                d.popularity(), d.diversity(), d.perArtistCap(), d.featureCandidates(), d.poolFactor(), d.forgottenAfterMs())));
        out.put("without novelty", new Ranker(new RankingWeights(d.taste(), d.context(), d.semantic(), d.collaborative(), 0,
                d.popularity(), d.diversity(), d.perArtistCap(), d.featureCandidates(), d.poolFactor(), d.forgottenAfterMs())));
        out.put("without popularity", new Ranker(new RankingWeights(d.taste(), d.context(), d.semantic(), d.collaborative(),
                d.novelty(), 0, d.diversity(), d.perArtistCap(), d.featureCandidates(), d.poolFactor(), d.forgottenAfterMs())));
        out.put("without diversity (no MMR, no artist cap)", new Ranker(new RankingWeights(d.taste(), d.context(),
                d.semantic(), d.collaborative(), d.novelty(), d.popularity(), 0, 1000, d.featureCandidates(), d.poolFactor(),
                d.forgottenAfterMs())));
        return out;
    }

    @Test
    void evaluate() throws IOException {
        long started = System.nanoTime();
        InMemoryModel model = InMemoryModel.shared();
        report.append("Catalog: ").append(model.catalog.size()).append(" tracks, ").append(model.catalog.artistCount())
                .append(" artists, ").append(model.catalog.playlistCount()).append(" public playlists.\n\n");
        // -Deval.parts=a runs only the temporal split (what a change to familiar ranking moves); default: all three
        String parts = System.getProperty("eval.parts", "abc");
        if (parts.contains("a")) {
            temporalSplit(model);
        }
        if (parts.contains("b")) {
            playlistContinuation(InMemoryModel.sharedWithoutPlaylists(), "");
            playlistContinuation(InMemoryModel.sharedWithoutPlaylistsOrTheirLabels(), " without the playlists' genre labels");
        }
        if (parts.contains("c")) {
            hetrec(model);
        }
        report.append(String.format(Locale.ROOT, "%nEvaluation run time: %.0f s.%n", (System.nanoTime() - started) / 1e9));
        System.out.println(report);
        Files.writeString(Path.of("target", "evaluation.md"), report.toString(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------- (a)

    /**
     * One real history split at the time of its 80th percentile play. Tracks are items: a catalog track is its catalog
     * number; a track outside the catalog is numbered after the catalog by its identity as ingestion keys it (the
     * Spotify URI when the play has one, else the normalised artist and title), so every track streamed after the cut
     * counts, not only the catalog's.
     */
    record Split(String export, long cut, List<Play> train, int testPlays, Set<Integer> tracksAfter,
                 Set<Integer> newTracksAfter, Set<Integer> catalogTracksAfter, Set<Integer> artistsAfter,
                 Set<Integer> newArtistsAfter, Set<Integer> trainTracks, Set<Integer> trainArtists,
                 List<Integer> replayMostStreamed, List<Integer> replayRecent) {
    }

    /** A play with the item it counts as (see {@link Split}). */
    record ItemPlay(Play play, int item) {
    }

    /** Half-life of the recency-weighted replay baseline. */
    static final long RECENT_HALF_LIFE = 30L * 24 * 3600 * 1000;

    void temporalSplit(InMemoryModel m) {
        CatalogIndex c = m.catalog;
        Items items = new Items(c);
        List<Split> splits = new ArrayList<>();
        List<TasteAccumulator> trained = new ArrayList<>();
        for (String export : HISTORIES) {
            List<ExportedHistories.StoredPlay> stored = ExportedHistories.load(export);
            List<Play> resolved = m.plays(stored);
            List<ItemPlay> plays = new ArrayList<>();
            for (int i = 0; i < stored.size(); i++) {
                Play p = resolved.get(i);
                if (p.isMusic()) {
                    plays.add(new ItemPlay(p, items.of(p, stored.get(i).trackKey())));
                }
            }
            plays.sort(Comparator.comparingLong((ItemPlay x) -> x.play().playedAt()).thenComparing(x -> x.play().recordId()));
            long cut = plays.get((int) (plays.size() * 0.8)).play().playedAt();
            List<ItemPlay> before = plays.stream().filter(p -> p.play().playedAt() < cut).toList();
            List<ItemPlay> after = plays.stream().filter(p -> p.play().playedAt() >= cut).toList();
            List<Play> train = before.stream().map(ItemPlay::play).toList();
            List<Play> test = after.stream().map(ItemPlay::play).toList();
            Set<Integer> trainTracks = new TreeSet<>();
            before.forEach(p -> trainTracks.add(p.item()));
            Set<Integer> tracksAfter = new TreeSet<>();
            after.stream().filter(p -> PlayWeights.isStream(p.play())).forEach(p -> tracksAfter.add(p.item()));
            Set<Integer> newAfter = new TreeSet<>(tracksAfter);
            newAfter.removeAll(trainTracks);
            Set<Integer> catalogAfter = tracks(c, test, true);
            Set<Integer> trainArtists = artists(c, train, false);
            Set<Integer> artistsAfter = artists(c, test, true);
            Set<Integer> newArtists = new HashSet<>(artistsAfter);
            newArtists.removeAll(trainArtists);
            TasteAccumulator acc = m.accumulate(train, HALF_LIFE);
            trained.add(acc);
            splits.add(new Split(export, cut, train, test.size(), tracksAfter, newAfter, catalogAfter, artistsAfter,
                    newArtists, trainTracks, trainArtists, replay(before, cut, Long.MAX_VALUE), replay(before, cut, RECENT_HALF_LIFE)));
        }
        // co-listening from the public playlists and every listener's loved tracks before their cut
        List<int[]> loved = new ArrayList<>();
        List<TasteProfile> profiles = new ArrayList<>();
        for (TasteAccumulator acc : trained) {
            TasteProfile p = TasteProfile.derive(acc, List.of(), c, 200);
            profiles.add(p);
            loved.add(p.loved());
        }
        // the production threshold (co-listening.min-other-listeners): with five listeners no listener pair reaches it
        CoListening col = CoListening.build(c.size(), playlists(c), loved, 50, 3.0, MIN_SUPPORT, 0);
        List<List<String>> lastFm = PublicListeningFiles.hetrecArtistBaskets(HETREC);
        long artistStarted = System.nanoTime();
        ArtistCoListening artistCol = artistCoListening(c, loved, lastFm);
        report.append(String.format(Locale.ROOT, "Artist co-listening: %d baskets, %d neighbour pairs, built in %.1f s.%n%n",
                artistCol.baskets(), artistCol.pairs(), (System.nanoTime() - artistStarted) / 1e9));

        report.append("## (a) Temporal split of each real history\n\n");
        report.append("Each history is cut at the time of its 80th-percentile music play; the model learns from the plays "
                + "before the cut and predicts the tracks (and catalog artists) streamed after it. A track is its Spotify "
                + "URI when the play has one, else its normalised artist and title; tracks outside the catalog count.\n\n");
        report.append("| history | plays before / after | cut (UTC) | tracks streamed after (new) | of them in the catalog "
                + "| catalog artists after (new) |\n|---|---|---|---|---|---|\n");
        for (Split s : splits) {
            report.append(String.format(Locale.ROOT, "| %s | %d / %d | %s | %d (%d) | %d (%.0f%%) | %d (%d) |%n", s.export(),
                    s.train().size(), s.testPlays(), Instant.ofEpochMilli(s.cut()).atZone(ZoneOffset.UTC).toLocalDate(),
                    s.tracksAfter().size(), s.newTracksAfter().size(), s.catalogTracksAfter().size(),
                    100.0 * s.catalogTracksAfter().size() / s.tracksAfter().size(), s.artistsAfter().size(),
                    s.newArtistsAfter().size()));
        }
        report.append('\n');

        Map<String, List<List<Integer>>> lists = new LinkedHashMap<>();
        for (Novelty novelty : Novelty.values()) {
            List<List<Integer>> perUser = new ArrayList<>();
            for (TasteProfile p : profiles) {
                perUser.add(items.ranked(ranker.rank(c, col, artistCol, p, RankingQuery.simple(K, novelty)), p));
            }
            lists.put("model (" + novelty.wireName() + ")", perUser);
        }
        for (Novelty novelty : List.of(Novelty.BALANCED, Novelty.DISCOVER)) {
            List<List<Integer>> perUser = new ArrayList<>();
            for (TasteProfile p : profiles) {
                perUser.add(items.ranked(ranker.rank(c, col, ArtistCoListening.EMPTY, p, RankingQuery.simple(K, novelty)), p));
            }
            lists.put("model (" + novelty.wireName() + ") without artist co-listening", perUser);
        }
        Map<String, List<List<Integer>>> familiarAblations = new LinkedHashMap<>();
        Map<String, List<List<Integer>>> discoverAblations = new LinkedHashMap<>();
        ablations().forEach((name, variant) -> {
            List<List<Integer>> familiar = new ArrayList<>();
            List<List<Integer>> discover = new ArrayList<>();
            for (TasteProfile p : profiles) {
                familiar.add(items.ranked(variant.rank(c, col, artistCol, p, RankingQuery.simple(K, Novelty.FAMILIAR)), p));
                discover.add(items.ranked(variant.rank(c, col, artistCol, p, RankingQuery.simple(K, Novelty.DISCOVER)), p));
            }
            familiarAblations.put("model (familiar) " + name, familiar);
            discoverAblations.put("model (discover) " + name, discover);
        });
        Map<String, List<List<Integer>>> baselines = new LinkedHashMap<>();
        List<List<Integer>> popular = new ArrayList<>();
        List<List<Integer>> popularNew = new ArrayList<>();
        List<List<Integer>> random = new ArrayList<>();
        List<List<Integer>> randomNew = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            popular.add(popularTracks(c, Set.of(), K));
            popularNew.add(popularTracks(c, splits.get(i).trainTracks(), K));
            random.add(randomTracks(c, Set.of(), K, 42 + i));
            randomNew.add(randomTracks(c, splits.get(i).trainTracks(), K, 42 + i));
        }
        baselines.put("replay own most-streamed", splits.stream().map(Split::replayMostStreamed).toList());
        baselines.put("replay, recency-weighted (30-day half-life)", splits.stream().map(Split::replayRecent).toList());
        baselines.put("popularity among unplayed", popularNew);
        List<List<Integer>> knnTracks = new ArrayList<>();
        List<List<Integer>> knnArtists = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            knnTracks.add(itemKnnTracks(c, col, profiles.get(i), splits.get(i).trainTracks()));
            knnArtists.add(itemKnnArtists(c, artistCol, profiles.get(i), splits.get(i)));
        }
        baselines.put("item-kNN, tracks (co-listening, unplayed)", knnTracks);
        baselines.put("item-kNN, artists (artist co-listening, unplayed)", knnArtists);
        long alsStarted = System.nanoTime();
        baselines.put("ALS, artists (implicit, rank 32)", alsArtists(c, splits, lastFm));
        report.append(String.format(Locale.ROOT, "ALS trained in %.1f s.%n%n", (System.nanoTime() - alsStarted) / 1e9));

        report.append("### Tracks streamed after the cut, per history (NDCG@").append(K).append(" / Recall@").append(K)
                .append(")\n\n| system |");
        splits.forEach(s -> report.append(' ').append(s.export()).append(" |"));
        report.append(" mean |\n|---|").append("---|".repeat(splits.size() + 1)).append('\n');
        Map<String, List<List<Integer>>> perHistory = new LinkedHashMap<>(lists);
        perHistory.putAll(baselines);
        perHistory.putAll(familiarAblations);
        perHistory.forEach((system, perUser) -> {
            report.append("| ").append(system).append(" |");
            double ndcg = 0;
            double recall = 0;
            for (int u = 0; u < splits.size(); u++) {
                RankingMetrics one = new RankingMetrics(K, items.size());
                one.add(perUser.get(u), splits.get(u).tracksAfter(), Double.NaN);
                report.append(String.format(Locale.ROOT, " %.3f / %.3f |", one.ndcg(), one.recall()));
                ndcg += one.ndcg();
                recall += one.recall();
            }
            report.append(String.format(Locale.ROOT, " %.3f / %.3f |%n", ndcg / splits.size(), recall / splits.size()));
        });
        report.append('\n');
        // the new-track target rests on a few hits per history: show them
        report.append("### New tracks streamed after the cut, per history (hits in the top ").append(K)
                .append(" / Recall@").append(K).append(")\n\n| system |");
        splits.forEach(s -> report.append(' ').append(s.export()).append(" |"));
        report.append(" mean Recall |\n|---|").append("---|".repeat(splits.size() + 1)).append('\n');
        Map<String, List<List<Integer>>> discovering = new LinkedHashMap<>();
        lists.forEach((system, perUser) -> {
            if (system.contains("discover")) {
                discovering.put(system, perUser);
            }
        });
        discovering.putAll(discoverAblations);
        discovering.put("popularity among unplayed", popularNew);
        discovering.put("item-kNN, tracks (co-listening, unplayed)", knnTracks);
        discovering.forEach((system, perUser) -> {
            report.append("| ").append(system).append(" |");
            double recall = 0;
            for (int u = 0; u < splits.size(); u++) {
                Set<Integer> relevant = splits.get(u).newTracksAfter();
                long hits = perUser.get(u).stream().limit(K).filter(relevant::contains).count();
                report.append(String.format(Locale.ROOT, " %d / %.3f |", hits, (double) hits / relevant.size()));
                recall += (double) hits / relevant.size();
            }
            report.append(String.format(Locale.ROOT, " %.4f |%n", recall / splits.size()));
        });
        report.append('\n');

        String[] targets = {"tracks streamed after the cut (any track)", "catalog tracks streamed after the cut",
            "new tracks (any track not played before the cut)", "artists streamed after the cut", "new artists"};
        for (int target = 0; target < targets.length; target++) {
            boolean artistLevel = target >= 3;
            boolean onlyNew = target == 2 || target == 4;
            report.append("### ").append(targets[target]).append("\n\n").append(RankingMetrics.header(K)).append('\n');
            Map<String, List<List<Integer>>> systems = new LinkedHashMap<>(lists);
            if (target == 0) {
                systems.putAll(familiarAblations);
            } else if (target == 4) {
                systems.putAll(discoverAblations);
            }
            systems.putAll(baselines);
            systems.put("popularity", onlyNew ? popularNew : popular);
            systems.put("random", onlyNew ? randomNew : random);
            int population = artistLevel ? c.artistCount() : target == 1 ? c.size() : items.size();
            for (Map.Entry<String, List<List<Integer>>> system : systems.entrySet()) {
                RankingMetrics at10 = new RankingMetrics(10, population);
                RankingMetrics atK = new RankingMetrics(K, population);
                for (int u = 0; u < splits.size(); u++) {
                    Split s = splits.get(u);
                    Set<Integer> relevant = switch (target) {
                        case 0 -> s.tracksAfter();
                        case 1 -> s.catalogTracksAfter();
                        case 2 -> s.newTracksAfter();
                        case 3 -> s.artistsAfter();
                        default -> s.newArtistsAfter();
                    };
                    if (relevant.isEmpty()) {
                        continue;
                    }
                    List<Integer> ranked = system.getValue().get(u);
                    if (artistLevel) {
                        List<Integer> artists = artistsOf(c, items, ranked, onlyNew ? s.trainArtists() : Set.of());
                        double ild = RankingMetrics.genreDiversity(c, artists, K);
                        at10.add(artists, relevant, ild);
                        atK.add(artists, relevant, ild);
                    } else {
                        at10.add(ranked, relevant, RankingMetrics.featureDiversity(c, ranked, 10));
                        atK.add(ranked, relevant, RankingMetrics.featureDiversity(c, ranked, K));
                    }
                }
                report.append(RankingMetrics.row(system.getKey(), at10, atK)).append('\n');
            }
            report.append('\n');
        }
    }

    static final int MIN_SUPPORT = 5;
    static final Path HETREC = SharedData.directory().resolve("eval/hetrec2011-lastfm-2k");

    /**
     * The artist co-listening model as the service learns it: the public playlists' artists, each listener's loved
     * artists (their loved tracks' artists, before their cut) and the HetRec Last.fm listeners' artists.
     */
    static ArtistCoListening artistCoListening(CatalogIndex c, List<int[]> loved, List<List<String>> publicListeners) {
        ArtistCoListening.Builder builder = ArtistCoListening.builder(c, MIN_SUPPORT);
        for (int[] playlist : playlists(c)) {
            builder.basket(ArtistCoListening.artistsOf(c, playlist));
        }
        for (int[] l : loved) {
            builder.basket(ArtistCoListening.artistsOf(c, l));
        }
        publicListeners.forEach(builder::namedBasket);
        return builder.build(50, ARTIST_SHRINKAGE, 0);
    }

    static final double ARTIST_SHRINKAGE = 10.0;

    /**
     * Standalone item-kNN over tracks: each unplayed catalog track scored by {@code sum_i log(1 + streams_i) s(i, j)}
     * over the listener's catalog tracks i, s the co-listening similarity (playlists, and listener pairs at the
     * production threshold); the 50 best.
     */
    static List<Integer> itemKnnTracks(CatalogIndex c, CoListening col, TasteProfile p, Set<Integer> played) {
        Map<Integer, Double> score = new HashMap<>();
        for (int i : p.knownTracks()) {
            double r = Math.log1p(p.trackStreams(i));
            for (int x = col.neighboursStart(i); x < col.neighboursEnd(i); x++) {
                int j = col.neighbour(x);
                boolean mine = java.util.Arrays.stream(p.loved()).anyMatch(t -> t == i)
                        && java.util.Arrays.stream(p.loved()).anyMatch(t -> t == j);
                double s = col.similarity(x, mine);
                if (s > 0 && !played.contains(j)) {
                    score.merge(j, r * s, Double::sum);
                }
            }
        }
        return top(score, K);
    }

    /**
     * Standalone item-kNN over artists: unplayed catalog artists scored by their summed similarity to the listener's
     * top artists (by affinity), each then as its most popular track the listener has not played; the 50 best.
     */
    static List<Integer> itemKnnArtists(CatalogIndex c, ArtistCoListening model, TasteProfile p, Split s) {
        Map<Integer, Double> score = new HashMap<>();
        java.util.BitSet mine = new java.util.BitSet();
        for (int a : ArtistCoListening.artistsOf(c, p.loved())) {
            mine.set(a);
        }
        for (TasteProfile.ArtistTaste a : p.topArtists()) {
            int id = model.artist(c, a.key());
            if (id < 0 || a.affinity() <= 0) {
                continue;
            }
            for (int x = model.neighboursStart(id); x < model.neighboursEnd(id); x++) {
                int b = model.neighbour(x);
                double sim = model.similarity(id, x, mine.get(id) && mine.get(b));
                if (sim > 0 && !s.trainArtists().contains(b)) {
                    score.merge(b, a.affinity() * sim, Double::sum);
                }
            }
        }
        return artistTracks(c, top(score, Integer.MAX_VALUE), s.trainTracks());
    }

    /**
     * Standalone implicit ALS over artists (Hu/Koren/Volinsky): users are the HetRec Last.fm listeners (strength
     * log(1 + listens)), the five listeners before their cut (log(1 + streams) per artist, in or out of the catalog)
     * and the public playlists (1 per artist); each listener's unplayed catalog artists by u.v, as their most popular
     * unplayed tracks.
     */
    List<List<Integer>> alsArtists(CatalogIndex c, List<Split> splits, List<List<String>> lastFm) {
        Map<String, Integer> ids = new HashMap<>();
        java.util.function.ToIntFunction<String> id = name -> {
            String key = TrackNames.normalise(name);
            int a = c.artist(key);
            return a >= 0 ? a : ids.computeIfAbsent(key, k -> c.artistCount() + ids.size());
        };
        List<ImplicitAls.Row> rows = new ArrayList<>();
        for (Split s : splits) {
            Map<Integer, Integer> streams = new TreeMap<>();
            for (Play p : s.train()) {
                if (PlayWeights.isStream(p) && p.artistName() != null) {
                    streams.merge(id.applyAsInt(p.artistName()), 1, Integer::sum);
                }
            }
            rows.add(row(streams));
        }
        for (List<String> user : lastFm) {
            Map<Integer, Integer> one = new TreeMap<>();
            user.forEach(name -> one.put(id.applyAsInt(name), 1));
            rows.add(row(one));
        }
        for (int[] playlist : playlists(c)) {
            Map<Integer, Integer> one = new TreeMap<>();
            for (int a : ArtistCoListening.artistsOf(c, playlist)) {
                one.put(a, 1);
            }
            rows.add(row(one));
        }
        ImplicitAls als = ImplicitAls.train(rows, c.artistCount() + ids.size(), 32, ALS_ALPHA, 0.1, 10, 7);
        List<List<Integer>> out = new ArrayList<>();
        for (int u = 0; u < splits.size(); u++) {
            Map<Integer, Double> score = new HashMap<>();
            for (int a = 0; a < c.artistCount(); a++) {
                if (!splits.get(u).trainArtists().contains(a) && c.artistTracks().size(a) > 0) {
                    score.put(a, als.score(u, a));
                }
            }
            out.add(artistTracks(c, top(score, 200), splits.get(u).trainTracks()));
        }
        return out;
    }

    static final double ALS_ALPHA = 5.0;

    private static ImplicitAls.Row row(Map<Integer, Integer> counts) {
        int[] items = counts.keySet().stream().mapToInt(Integer::intValue).toArray();
        float[] strength = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            strength[i] = (float) Math.log1p(counts.get(items[i]));
        }
        return new ImplicitAls.Row(items, strength);
    }

    /** The keys of the {@code k} highest values, ties by key. */
    static List<Integer> top(Map<Integer, Double> score, int k) {
        return score.entrySet().stream()
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    /** Each artist in order as its most popular catalog track not played, until there are 50 tracks. */
    static List<Integer> artistTracks(CatalogIndex c, List<Integer> artists, Set<Integer> played) {
        List<Integer> out = new ArrayList<>();
        for (int a : artists) {
            int best = -1;
            for (int i = c.artistTracks().start(a); i < c.artistTracks().end(a); i++) {
                int t = c.artistTracks().value(i);
                if (!played.contains(t) && !out.contains(t) && (best < 0 || c.popularity(t) > c.popularity(best))) {
                    best = t;
                }
            }
            if (best >= 0) {
                out.add(best);
            }
            if (out.size() == K) {
                break;
            }
        }
        return out;
    }

    /**
     * Replaying the listener's own streams (>= 30 s) from before the cut, most first: each stream counts 1 (an infinite
     * half-life), or 2^(-age/halfLife) with its age at the cut. Ties: the later last stream, then the lower item.
     */
    static List<Integer> replay(List<ItemPlay> before, long cut, long halfLifeMs) {
        Map<Integer, double[]> weight = new HashMap<>();   // item -> {weight, last stream}
        for (ItemPlay p : before) {
            if (PlayWeights.isStream(p.play())) {
                double w = halfLifeMs == Long.MAX_VALUE ? 1 : PlayWeights.decay(cut - p.play().playedAt(), halfLifeMs);
                double[] x = weight.computeIfAbsent(p.item(), k -> new double[2]);
                x[0] += w;
                x[1] = Math.max(x[1], p.play().playedAt());
            }
        }
        List<Integer> order = new ArrayList<>(weight.keySet());
        order.sort(Comparator.comparingDouble((Integer i) -> -weight.get(i)[0]).thenComparingDouble(i -> -weight.get(i)[1])
                .thenComparingInt(i -> i));
        return order.subList(0, Math.min(K, order.size()));
    }

    /**
     * Numbers the tracks of the evaluation: a catalog track is its catalog number, any other its track key (URI, else
     * name key) numbered after the catalog, in order of first sight.
     */
    static final class Items {
        private final CatalogIndex c;
        private final Map<String, Integer> outside = new HashMap<>();
        private final Map<Integer, Integer> artistOf = new HashMap<>();

        Items(CatalogIndex c) {
            this.c = c;
        }

        int of(Play p, String trackKey) {
            if (p.trackId() != null) {
                return c.track(p.trackId());
            }
            return outside.computeIfAbsent(trackKey, k -> c.size() + outside.size());
        }

        /** A ranking as items: a played track outside the catalog is the item of its track key. */
        List<Integer> ranked(List<Ranker.Ranked> answer, TasteProfile profile) {
            List<Integer> out = new ArrayList<>(answer.size());
            for (Ranker.Ranked r : answer) {
                if (r.track() < c.size()) {
                    out.add(r.track());
                    continue;
                }
                int i = r.track() - c.size();
                int item = outside.computeIfAbsent(profile.played().key(i), k -> c.size() + outside.size());
                profile.played().artistNames(i).stream().map(a -> c.artist(TrackNames.normalise(a))).filter(a -> a >= 0)
                        .findFirst().ifPresent(a -> artistOf.put(item, a));
                out.add(item);
            }
            return out;
        }

        /** The catalog artist of an item outside the catalog, when a ranking named it and the catalog has the artist. */
        Integer artistOf(int item) {
            return artistOf.get(item);
        }

        int size() {
            return c.size() + outside.size();
        }
    }

    static Set<Integer> tracks(CatalogIndex c, List<Play> plays, boolean streamsOnly) {
        Set<Integer> out = new TreeSet<>();
        for (Play p : plays) {
            if (p.trackId() != null && (!streamsOnly || p.msPlayed() >= 30_000)) {
                out.add(c.track(p.trackId()));
            }
        }
        return out;
    }

    static Set<Integer> artists(CatalogIndex c, List<Play> plays, boolean streamsOnly) {
        Set<Integer> out = new TreeSet<>();
        for (Play p : plays) {
            int a = c.artist(TrackNames.normalise(p.artistName()));
            if (a >= 0 && (!streamsOnly || p.msPlayed() >= 30_000)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The credited artists of a track list in order, each once, leaving out some. */
    static List<Integer> artistsOf(CatalogIndex c, List<Integer> tracks, Set<Integer> leaveOut) {
        return artistsOf(c, null, tracks, leaveOut);
    }

    /** As above, where tracks outside the catalog count with their catalog artist ({@code items} knows it). */
    static List<Integer> artistsOf(CatalogIndex c, Items items, List<Integer> tracks, Set<Integer> leaveOut) {
        Set<Integer> out = new LinkedHashSet<>();
        for (int t : tracks) {
            if (t >= c.size()) {
                Integer a = items == null ? null : items.artistOf(t);
                if (a != null && !leaveOut.contains(a)) {
                    out.add(a);
                }
                continue;
            }
            for (int i = c.trackArtists().start(t); i < c.trackArtists().end(t); i++) {
                int a = c.trackArtists().value(i);
                if (!leaveOut.contains(a)) {
                    out.add(a);
                }
            }
        }
        return new ArrayList<>(out);
    }

    static List<int[]> playlists(CatalogIndex c) {
        List<int[]> out = new ArrayList<>();
        for (int p = 0; p < c.playlistCount(); p++) {
            int[] ts = new int[c.playlistTracks().size(p)];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = c.playlistTracks().value(c.playlistTracks().start(p) + i);
            }
            out.add(ts);
        }
        return out;
    }

    static List<Integer> popularTracks(CatalogIndex c, Set<Integer> leaveOut, int k) {
        List<Integer> out = new ArrayList<>(k);
        for (int rank = 0; rank < c.size() && out.size() < k; rank++) {
            if (!leaveOut.contains(c.byPopularity(rank))) {
                out.add(c.byPopularity(rank));
            }
        }
        return out;
    }

    static List<Integer> randomTracks(CatalogIndex c, Set<Integer> leaveOut, int k, long seed) {
        Random random = new Random(seed);
        Set<Integer> out = new LinkedHashSet<>();
        while (out.size() < k) {
            int t = random.nextInt(c.size());
            if (!leaveOut.contains(t)) {
                out.add(t);
            }
        }
        return new ArrayList<>(out);
    }

    // ------------------------------------------------------------------------------------------------- (b)

    void playlistContinuation(InMemoryModel m, String title) {
        CatalogIndex c = m.catalog;
        Map<String, List<Integer>> members = new TreeMap<>();
        for (CatalogTrack t : m.source.tracks()) {
            for (String p : t.playlists()) {
                members.computeIfAbsent(p, x -> new ArrayList<>()).add(c.track(t.id()));
            }
        }
        List<String> ids = new ArrayList<>();
        List<int[]> visible = new ArrayList<>();
        List<Set<Integer>> hidden = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            List<Integer> tracks = new ArrayList<>(new TreeSet<>(e.getValue()));
            if (tracks.size() < 6) {
                continue;
            }
            String playlist = e.getKey();
            tracks.sort(Comparator.comparingInt((Integer t) -> (playlist + c.id(t)).hashCode()).thenComparingInt(t -> t));
            int half = tracks.size() / 2;
            ids.add(playlist);
            visible.add(tracks.subList(half, tracks.size()).stream().mapToInt(Integer::intValue).toArray());
            hidden.add(new HashSet<>(tracks.subList(0, half)));
        }
        // co-occurrence is learned from the visible halves only: the hidden halves are never seen
        CoListening col = CoListening.build(c.size(), visible, List.of(), 50, 3.0, 2, 0);
        TasteProfile nobody = TasteProfile.empty(c);

        report.append("## (b) Playlist continuation on the TidyTuesday playlists").append(title).append("\n\n");
        report.append(String.format(Locale.ROOT, "%d playlists with at least 6 tracks; each is split by a hash of "
                + "(playlist, track): one half is given as seed tracks, the other half (%d tracks in all) is to be found. "
                + "Co-listening is learned from the seed halves only; the catalog index carries no playlist membership.%n%n",
                ids.size(), hidden.stream().mapToInt(Set::size).sum()));
        report.append(RankingMetrics.header(K)).append('\n');
        Map<String, RankingMetrics[]> systems = new LinkedHashMap<>();
        Map<String, Ranker> variants = new LinkedHashMap<>();
        variants.put("model", ranker);
        ablations().forEach((name, variant) -> variants.put("model " + name, variant));
        for (String system : variants.keySet()) {
            systems.put(system, new RankingMetrics[] {new RankingMetrics(10, c.size()), new RankingMetrics(K, c.size())});
        }
        for (String system : List.of("popularity", "random")) {
            systems.put(system, new RankingMetrics[] {new RankingMetrics(10, c.size()), new RankingMetrics(K, c.size())});
        }
        for (int i = 0; i < ids.size(); i++) {
            Set<Integer> seeds = new HashSet<>();
            for (int t : visible.get(i)) {
                seeds.add(t);
            }
            Map<String, List<Integer>> lists = new LinkedHashMap<>();
            for (Map.Entry<String, Ranker> v : variants.entrySet()) {
                lists.put(v.getKey(), v.getValue().rank(c, col, nobody, RankingQuery.simple(K, Novelty.BALANCED)
                        .withSeedTracks(visible.get(i))).stream().map(Ranker.Ranked::track).toList());
            }
            lists.put("popularity", popularTracks(c, seeds, K));
            lists.put("random", randomTracks(c, seeds, K, 7 + i));
            for (Map.Entry<String, List<Integer>> e : lists.entrySet()) {
                RankingMetrics[] metrics = systems.get(e.getKey());
                metrics[0].add(e.getValue(), hidden.get(i), RankingMetrics.featureDiversity(c, e.getValue(), 10));
                metrics[1].add(e.getValue(), hidden.get(i), RankingMetrics.featureDiversity(c, e.getValue(), K));
            }
        }
        systems.forEach((name, metrics) -> report.append(RankingMetrics.row(name, metrics[0], metrics[1])).append('\n'));
        report.append('\n');
    }

    // ------------------------------------------------------------------------------------------------- (c)

    void hetrec(InMemoryModel m) throws IOException {
        CatalogIndex c = m.catalog;
        Path dir = SharedData.directory().resolve("eval/hetrec2011-lastfm-2k");
        Map<Integer, String> names = new HashMap<>();
        List<String> artistLines = Files.readAllLines(dir.resolve("artists.dat"), StandardCharsets.UTF_8);
        for (String line : artistLines.subList(1, artistLines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 2) {
                names.put(Integer.parseInt(f[0].strip()), f[1].strip());
            }
        }
        Map<Integer, Map<Integer, Integer>> byUser = new TreeMap<>();
        List<String> rows = Files.readAllLines(dir.resolve("user_artists.dat"), StandardCharsets.UTF_8);
        for (String line : rows.subList(1, rows.size())) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) {
                byUser.computeIfAbsent(Integer.parseInt(f[0]), u -> new TreeMap<>()).put(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
            }
        }
        // each Last.fm artist as a catalog artist (by normalised name) when the catalog has it
        Map<Integer, Integer> catalogArtist = new HashMap<>();
        names.forEach((id, name) -> {
            int a = c.artist(TrackNames.normalise(name));
            if (a >= 0) {
                catalogArtist.put(id, a);
            }
        });
        // users' train and held-out artists: 20% of each user's artists held out, chosen by a hash
        Map<Integer, List<Integer>> train = new TreeMap<>();
        Map<Integer, Set<Integer>> heldOut = new TreeMap<>();
        for (Map.Entry<Integer, Map<Integer, Integer>> e : byUser.entrySet()) {
            List<Integer> artists = new ArrayList<>(e.getValue().keySet());
            if (artists.size() < 5) {
                continue;
            }
            int user = e.getKey();
            artists.sort(Comparator.comparingInt((Integer a) -> Integer.hashCode(a * 31 + user * 7919)).thenComparingInt(a -> a));
            int hold = Math.max(1, artists.size() / 5);
            train.put(user, artists.subList(hold, artists.size()));
            Set<Integer> held = new TreeSet<>();
            for (int a : artists.subList(0, hold)) {
                if (catalogArtist.containsKey(a)) {
                    held.add(catalogArtist.get(a));
                }
            }
            heldOut.put(user, held);
        }
        // a listen of an artist becomes plays of its best-known catalog track (or of the artist alone when the catalog
        // lacks it): the taste model then learns artists, genres (artist table) and loved tracks as from a history
        Map<Integer, TasteProfile> profiles = new TreeMap<>();
        Map<Integer, Integer> listeners = new HashMap<>();
        long t0 = Instant.parse("2011-05-01T00:00:00Z").toEpochMilli();
        for (Map.Entry<Integer, List<Integer>> e : train.entrySet()) {
            List<Play> plays = new ArrayList<>();
            int i = 0;
            for (int artist : e.getValue()) {
                String name = names.get(artist);
                if (name == null) {
                    continue;
                }
                int weight = byUser.get(e.getKey()).get(artist);
                Integer ca = catalogArtist.get(artist);
                if (ca != null) {
                    listeners.merge(ca, 1, Integer::sum);
                }
                String track = ca == null ? null : c.id(bestKnownTrack(c, ca));
                int n = 1 + (int) Math.floor(Math.log(1 + weight) / Math.log(2));
                for (int x = 0; x < n; x++) {
                    plays.add(new Play("h" + e.getKey() + "-" + (i++), t0 + i, 200_000, "music", track, null, name,
                            "clickrow", "trackdone", false));
                }
            }
            TasteAccumulator acc = m.accumulate(plays, HALF_LIFE);
            profiles.put(e.getKey(), TasteProfile.derive(acc, List.of(), c, 200));
        }
        List<int[]> loved = profiles.values().stream().map(TasteProfile::loved).toList();
        CoListening col = CoListening.build(c.size(), playlists(c), loved, 50, 3.0, MIN_SUPPORT, 0);
        // artist co-listening from the playlists and the users' training artists only: the held-out ones never count
        List<List<String>> trainBaskets = new ArrayList<>();
        train.values().forEach(artists -> trainBaskets.add(artists.stream().map(names::get).filter(java.util.Objects::nonNull).toList()));
        ArtistCoListening.Builder artistBuilder = ArtistCoListening.builder(c, MIN_SUPPORT);
        for (int[] playlist : playlists(c)) {
            artistBuilder.basket(ArtistCoListening.artistsOf(c, playlist));
        }
        trainBaskets.forEach(artistBuilder::namedBasket);
        ArtistCoListening artistCol = artistBuilder.build(50, ARTIST_SHRINKAGE, 0);
        List<Integer> byListeners = new ArrayList<>(listeners.keySet());
        byListeners.sort(Comparator.comparingInt((Integer a) -> -listeners.get(a)).thenComparingInt(a -> a));

        int kArtists = 20;
        Map<String, RankingMetrics[]> systems = new LinkedHashMap<>();
        for (String system : List.of("model (discover)", "model (discover) without artist co-listening",
                "popularity (Last.fm listeners)", "random")) {
            systems.put(system, new RankingMetrics[] {new RankingMetrics(10, c.artistCount()), new RankingMetrics(kArtists, c.artistCount())});
        }
        int evaluated = 0;
        for (Map.Entry<Integer, TasteProfile> e : profiles.entrySet()) {
            Set<Integer> relevant = heldOut.get(e.getKey());
            if (relevant.isEmpty()) {
                continue;
            }
            evaluated++;
            Set<Integer> known = new HashSet<>();
            for (int a : train.get(e.getKey())) {
                if (catalogArtist.containsKey(a)) {
                    known.add(catalogArtist.get(a));
                }
            }
            List<Integer> tracks = ranker.rank(c, col, artistCol, e.getValue(), RankingQuery.simple(100, Novelty.DISCOVER))
                    .stream().map(Ranker.Ranked::track).toList();
            List<Integer> withoutArtistModel = ranker.rank(c, col, e.getValue(), RankingQuery.simple(100, Novelty.DISCOVER))
                    .stream().map(Ranker.Ranked::track).toList();
            Map<String, List<Integer>> lists = new LinkedHashMap<>();
            lists.put("model (discover)", artistsOf(c, tracks, known));
            lists.put("model (discover) without artist co-listening", artistsOf(c, withoutArtistModel, known));
            lists.put("popularity (Last.fm listeners)", byListeners.stream().filter(a -> !known.contains(a)).limit(kArtists).toList());
            Random random = new Random(1000L + e.getKey());
            Set<Integer> randomArtists = new LinkedHashSet<>();
            while (randomArtists.size() < kArtists) {
                int a = random.nextInt(c.artistCount());
                if (!known.contains(a)) {
                    randomArtists.add(a);
                }
            }
            lists.put("random", new ArrayList<>(randomArtists));
            for (Map.Entry<String, List<Integer>> l : lists.entrySet()) {
                RankingMetrics[] metrics = systems.get(l.getKey());
                metrics[0].add(l.getValue(), relevant, RankingMetrics.genreDiversity(c, l.getValue(), 10));
                metrics[1].add(l.getValue(), relevant, RankingMetrics.genreDiversity(c, l.getValue(), kArtists));
            }
        }
        long inCatalog = names.keySet().stream().filter(catalogArtist::containsKey).count();
        report.append("## (c) HetRec 2011 Last.fm 2K, artist level\n\n");
        report.append(String.format(Locale.ROOT, "%d users with at least 5 artists; 20%% of each user's artists held out "
                + "(by a hash). %d of %d Last.fm artists are catalog artists; %d users have a held-out catalog artist and are "
                + "evaluated. A listen count w becomes 1 + floor(log2(1 + w)) plays of the artist's best-known catalog track "
                + "(or of the artist alone). Lists are artists, in the order the model's 100 tracks credit them, known "
                + "artists left out.%n%n", train.size(), inCatalog, names.size(), evaluated));
        report.append(RankingMetrics.header(kArtists).replace("coverage", "coverage").replace("ILD", "ILD (genres)")).append('\n');
        systems.forEach((name, metrics) -> report.append(RankingMetrics.row(name, metrics[0], metrics[1])).append('\n'));
        report.append('\n');
    }

    static int bestKnownTrack(CatalogIndex c, int artist) {
        int best = -1;
        for (int i = c.artistTracks().start(artist); i < c.artistTracks().end(artist); i++) {
            int t = c.artistTracks().value(i);
            if (best < 0 || c.popularity(t) > c.popularity(best)) {
                best = t;
            }
        }
        return best;
    }

}
