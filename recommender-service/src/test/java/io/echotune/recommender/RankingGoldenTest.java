package io.echotune.recommender;

import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.CoListening;
import io.echotune.recommender.ranking.ContextTable;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.Ranker;
import io.echotune.recommender.ranking.RankingQuery;
import io.echotune.recommender.ranking.RankingWeights;
import io.echotune.recommender.ranking.TasteAccumulator;
import io.echotune.recommender.ranking.TasteProfile;
import io.echotune.recommender.support.ExportedHistories;
import io.echotune.recommender.support.InMemoryModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the ranker's exact answers (track ids, scores, components, explanations, evidence) for fixed questions on the
 * shared catalog and a real history, so a restructuring of the ranking code can prove it changed nothing: the golden
 * file was recorded from the code before the split of issue #21. Record it again only for an intended change of the
 * ranking, with {@code -Dgolden.record=true}, and say why in the commit.
 */
class RankingGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/ranking.txt");

    static InMemoryModel model;
    static CoListening coListening;
    static TasteProfile listener;

    @BeforeAll
    static void buildTheModel() {
        model = InMemoryModel.shared();
        CatalogIndex c = model.catalog;
        TasteAccumulator acc = model.accumulate(model.plays(ExportedHistories.load("basic/anferben")), 120L * 24 * 3600 * 1000);
        TasteProfile plain = TasteProfile.derive(acc, List.of(), c, 200);
        // a like, a save and a dislike, so the feedback sentences and exclusions are pinned too
        int[] loved = plain.loved();
        List<TasteProfile.Mark> marks = List.of(
                new TasteProfile.Mark(c.id(c.byPopularity(5)), FeedbackSignal.LIKE, plain.reference()),
                new TasteProfile.Mark(c.id(c.byPopularity(7)), FeedbackSignal.SAVE, plain.reference()),
                new TasteProfile.Mark(c.id(loved[0]), FeedbackSignal.DISLIKE, plain.reference()));
        listener = TasteProfile.derive(acc, marks, c, 200);
        TasteAccumulator other = model.accumulate(model.plays(ExportedHistories.load("extended/efrrowini")), 120L * 24 * 3600 * 1000);
        List<int[]> lovedByUser = List.of(listener.loved(), TasteProfile.derive(other, List.of(), c, 200).loved(),
                plain.loved());
        coListening = CoListening.build(c.size(), playlists(c), lovedByUser, 50, 3.0, 1, 0);
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

    /** The fixed questions: each path of the ranker (sources, components, sentences) is taken by at least one. */
    static Map<String, Question> questions() {
        CatalogIndex c = model.catalog;
        TasteProfile empty = TasteProfile.empty(c);
        Map<String, Question> q = new LinkedHashMap<>();
        q.put("familiar", new Question(listener, RankingQuery.simple(25, Novelty.FAMILIAR)));
        q.put("balanced", new Question(listener, RankingQuery.simple(25, Novelty.BALANCED)));
        q.put("discover", new Question(listener, RankingQuery.simple(25, Novelty.DISCOVER)));
        q.put("new listener", new Question(empty, RankingQuery.simple(15, Novelty.BALANCED)));

        Map<Integer, ContextTable.Range> focus = features(ContextTable.combine(
                List.of(ContextTable.activity("focus"), ContextTable.timeOfDay("evening"))));
        q.put("focus in the evening", new Question(listener, new RankingQuery(20, Novelty.BALANCED, focus, null,
                "focus in the evening", ContextTable.bucket("evening"), null, null, null, null, null, null,
                Long.MIN_VALUE, true, null, null)));

        int[] loved = listener.loved();
        q.put("seed tracks", new Question(listener, RankingQuery.simple(20, Novelty.BALANCED)
                .withSeedTracks(new int[] {loved[1], loved[2], loved[3]})));

        TasteProfile.ArtistTaste top = listener.topArtists().get(0);
        TasteProfile.ArtistTaste third = listener.topArtists().get(2);
        List<RankingQuery.SeedArtist> seedArtists = List.of(
                new RankingQuery.SeedArtist(top.name(), top.catalogArtist(), top.genres()),
                new RankingQuery.SeedArtist(third.name(), third.catalogArtist(), third.genres()));
        q.put("seed artists", new Question(listener, new RankingQuery(20, Novelty.DISCOVER, null, null, null, -1,
                null, seedArtists, null, null, null, null, Long.MIN_VALUE, true, null, null)));

        float[] asked = new float[c.genreCount()];
        List<Integer> askedList = new ArrayList<>();
        for (String name : List.of("rock", "indie")) {
            int g = c.genre(name);
            if (g >= 0) {
                asked[g] = 1f;
                askedList.add(g);
            }
        }
        float[] prompt = new float[c.genreCount()];
        for (String name : List.of("jazz", "soul", "blues")) {
            int g = c.genre(name);
            if (g >= 0) {
                prompt[g] = name.equals("jazz") ? 0.9f : 0.45f;
            }
        }
        q.put("genres and a prompt", new Question(listener, new RankingQuery(20, Novelty.BALANCED, null, null, null,
                -1, null, null, asked, askedList, prompt, "smoky late-night jazz", Long.MIN_VALUE, true, null, null)));
        q.put("a prompt alone, new listener", new Question(empty, new RankingQuery(15, Novelty.BALANCED, null, null,
                null, -1, null, null, null, null, prompt, "smoky late-night jazz", Long.MIN_VALUE, true, null, null)));

        int tempo = FeatureSpace.index("tempo");
        q.put("bounds and exclusions", new Question(listener, new RankingQuery(20, Novelty.FAMILIAR,
                features(ContextTable.mood("upbeat")), Map.of(tempo, new ContextTable.Range(100, 140, 120)), "upbeat",
                -1, null, null, null, null, null, null, listener.reference() - 30L * 24 * 3600 * 1000, false,
                new int[] {third.catalogArtist()}, askedList.isEmpty() ? null : new int[] {askedList.get(0)},
                new int[] {loved[4], loved[5]}, new RankingQuery.YearRange(1980, 2015))));
        return q;
    }

    record Question(TasteProfile profile, RankingQuery query) {
    }

    static Map<Integer, ContextTable.Range> features(Map<String, ContextTable.Range> byName) {
        Map<Integer, ContextTable.Range> out = new LinkedHashMap<>();
        byName.forEach((name, range) -> out.put(FeatureSpace.index(name), range));
        return out;
    }

    static String answers() {
        Ranker ranker = new Ranker(RankingWeights.DEFAULTS);
        StringBuilder out = new StringBuilder();
        questions().forEach((name, question) -> {
            out.append("## ").append(name).append('\n');
            for (Ranker.Ranked r : ranker.rank(model.catalog, coListening, question.profile(), question.query())) {
                int t = r.track();
                // a played track outside the catalog by its track key (issue 22)
                out.append(t < model.catalog.size() ? model.catalog.id(t)
                        : question.profile().played().key(t - model.catalog.size())).append(' ').append(r.score()).append(' ')
                        .append(r.components()).append('\n')
                        .append("  ").append(r.explanation()).append('\n')
                        .append("  ").append(r.evidence()).append('\n');
            }
        });
        return out.toString();
    }

    @Test
    void theRankerGivesExactlyTheRecordedAnswers() throws IOException {
        String actual = answers();
        if (Boolean.getBoolean("golden.record")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual);
    }
}
