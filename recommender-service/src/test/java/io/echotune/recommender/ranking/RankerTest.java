package io.echotune.recommender.ranking;

import io.echotune.recommender.Novelty;
import io.echotune.recommender.support.ExportedHistories;
import io.echotune.recommender.support.InMemoryModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranker on the real shared catalog and a real history, without the service around it. */
class RankerTest {

    static InMemoryModel model;
    static CoListening coListening;
    static TasteProfile listener;

    @BeforeAll
    static void buildTheModel() {
        model = InMemoryModel.shared();
        coListening = CoListening.build(model.catalog.size(), playlists(model.catalog), List.of(), 50, 3.0, 2, 0);
        TasteAccumulator acc = model.accumulate(model.plays(ExportedHistories.load("basic/anferben")), 120L * 24 * 3600 * 1000);
        listener = TasteProfile.derive(acc, List.of(), model.catalog, 200);
    }

    static List<int[]> playlists(CatalogIndex c) {
        List<int[]> out = new java.util.ArrayList<>();
        for (int p = 0; p < c.playlistCount(); p++) {
            int[] ts = new int[c.playlistTracks().size(p)];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = c.playlistTracks().value(c.playlistTracks().start(p) + i);
            }
            out.add(ts);
        }
        return out;
    }

    /** How many of the answer's catalog tracks each catalog artist has (a played track outside the catalog is capped in its own slot). */
    static Map<Integer, Integer> tracksPerArtist(List<Ranker.Ranked> answer) {
        Map<Integer, Integer> perArtist = new HashMap<>();
        CatalogIndex.Csr ta = model.catalog.trackArtists();
        for (Ranker.Ranked r : answer) {
            if (r.track() >= model.catalog.size()) {
                continue;
            }
            for (int i = ta.start(r.track()); i < ta.end(r.track()); i++) {
                perArtist.merge(ta.value(i), 1, Integer::sum);
            }
        }
        return perArtist;
    }

    static List<Ranker.Ranked> rank(TasteProfile p, RankingQuery q) {
        return new Ranker(RankingWeights.DEFAULTS).rank(model.catalog, coListening, p, q);
    }

    @Test
    void twoRankersGiveTheSameAnswerToTheSameQuestion() {
        RankingQuery q = RankingQuery.simple(40, Novelty.BALANCED);
        List<Ranker.Ranked> a = rank(listener, q);
        List<Ranker.Ranked> b = rank(listener, q);
        assertEquals(a.stream().map(Ranker.Ranked::track).toList(), b.stream().map(Ranker.Ranked::track).toList());
        assertEquals(a.stream().map(Ranker.Ranked::score).toList(), b.stream().map(Ranker.Ranked::score).toList());
        assertEquals(a.stream().map(Ranker.Ranked::explanation).toList(), b.stream().map(Ranker.Ranked::explanation).toList());
    }

    @Test
    void everyScoreIsTheSumOfItsNamedComponents() {
        for (Ranker.Ranked r : rank(listener, RankingQuery.simple(30, Novelty.FAMILIAR))) {
            double sum = r.components().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(r.score(), sum, 1e-3);
            assertEquals(Set.of("taste", "context", "semantic", "collaborative", "novelty", "popularity", "diversity"),
                    r.components().keySet());
        }
    }

    @Test
    void discoverNeverOffersATrackTheListenerHasPlayed() {
        Set<Integer> known = new HashSet<>();
        for (int t : listener.knownTracks()) {
            known.add(t);
        }
        List<Ranker.Ranked> found = rank(listener, RankingQuery.simple(100, Novelty.DISCOVER));
        assertEquals(100, found.size());
        assertTrue(found.stream().noneMatch(r -> known.contains(r.track())));
    }

    @Test
    void discoverAllowsMoreUnheardTracksOfAnArtistTheListenerPlaysThanOfANewOne() {
        // an extended history and a long answer (300), so that some artist they play has more than 2 unheard tracks
        // good enough to be picked; a new artist never gets a 3rd
        TasteAccumulator acc = model.accumulate(model.plays(ExportedHistories.load("extended/efrrowini")), 120L * 24 * 3600 * 1000);
        TasteProfile listener = TasteProfile.derive(acc, List.of(), model.catalog, 200);
        Set<Integer> known = new HashSet<>();
        int[] artists = listener.artistIds();
        for (int i = 0; i < artists.length; i++) {
            if (listener.artistStreamsAt(i) > 0) {
                known.add(artists[i]);
            }
        }
        Map<Integer, Integer> perArtist = tracksPerArtist(rank(listener, RankingQuery.simple(300, Novelty.DISCOVER)));
        int cap = RankingWeights.DEFAULTS.perArtistCap();
        perArtist.forEach((artist, n) -> assertTrue(n <= (known.contains(artist)
                ? MmrSelection.DISCOVER_KNOWN_ARTIST_CAP_FACTOR * cap : cap), model.catalog.artistName(artist) + ": " + n));
        // the rule is used: this listener's answer holds more than 2 unheard tracks of an artist they play
        assertTrue(perArtist.entrySet().stream().anyMatch(e -> known.contains(e.getKey()) && e.getValue() > cap), perArtist.toString());
    }

    @Test
    void familiarIsMostlyTheListenersOwnTracks() {
        long own = rank(listener, RankingQuery.simple(20, Novelty.FAMILIAR)).stream()
                .filter(r -> listener.knows(r.track()) || r.track() >= model.catalog.size()).count();
        assertTrue(own >= 12, own + " of 20");
    }

    @Test
    void theArtistCapHoldsUntilTheCatalogCannotFillTheAnswerOtherwise() {
        Map<Integer, Integer> perArtist = tracksPerArtist(rank(listener, RankingQuery.simple(100, Novelty.BALANCED)));
        // balanced holds the listener's favourites too, which cluster by artist: 4 per artist (2 x the cap)
        perArtist.values().forEach(n -> assertTrue(n <= MmrSelection.BALANCED_CAP_FACTOR * RankingWeights.DEFAULTS.perArtistCap()));

        // a hard range so narrow that few tracks pass: the answer is still as long as the catalog allows
        RankingQuery narrow = new RankingQuery(30, Novelty.BALANCED, null,
                Map.of(FeatureSpace.index("tempo"), new ContextTable.Range(203, 206, 204)), null, -1, null, null,
                null, null, null, null, Long.MIN_VALUE, true, null, null);
        long passing = 0;
        for (int t = 0; t < model.catalog.size(); t++) {
            double tempo = model.catalog.rawFeature(t, FeatureSpace.index("tempo"));
            passing += tempo >= 203 && tempo <= 206 ? 1 : 0;
        }
        List<Ranker.Ranked> found = rank(TasteProfile.empty(model.catalog), narrow);
        assertEquals(Math.min(30, passing), found.size());
    }

    @Test
    void aReleaseEraIsABoundTracksOfUnknownYearNeverPassAndTooFewMakeAShorterAnswer() {
        RankingQuery nineties = eraQuery(40, new RankingQuery.YearRange(1990, 1999), null);
        List<Ranker.Ranked> found = rank(listener, nineties);
        assertEquals(40, found.size(), "the catalog has about 2,000 tracks released in the 90s");
        for (Ranker.Ranked r : found) {
            int year = model.catalog.releaseYear(r.track());
            assertTrue(year >= 1990 && year <= 1999, model.catalog.id(r.track()) + " released " + year);
        }
        // the 1950s: a handful of tracks, all of them and nothing from another decade
        long fifties = 0;
        for (int t = 0; t < model.catalog.size(); t++) {
            fifties += model.catalog.releaseYear(t) >= 1950 && model.catalog.releaseYear(t) <= 1959 ? 1 : 0;
        }
        assertTrue(fifties > 0 && fifties < 20, fifties + " tracks from the 1950s");
        List<Ranker.Ranked> few = rank(listener, eraQuery(20, new RankingQuery.YearRange(1950, 1959), null));
        assertEquals(fifties, few.size());
    }

    @Test
    void excludedTracksAreNeverOffered() {
        List<Ranker.Ranked> first = rank(listener, RankingQuery.simple(30, Novelty.BALANCED));
        int[] shown = first.stream().mapToInt(Ranker.Ranked::track).toArray();
        List<Ranker.Ranked> next = rank(listener, eraQuery(30, null, shown));
        assertEquals(30, next.size());
        Set<Integer> before = new HashSet<>();
        for (int t : shown) {
            before.add(t);
        }
        assertTrue(next.stream().noneMatch(r -> before.contains(r.track())));
    }

    private static RankingQuery eraQuery(int count, RankingQuery.YearRange years, int[] excludeTracks) {
        return new RankingQuery(count, Novelty.BALANCED, null, null, null, -1, null, null, null, null, null, null,
                Long.MIN_VALUE, true, null, null, excludeTracks, years);
    }

    /** A query whose only bound is these moods' or activities' feature ranges. */
    private static RankingQuery moodQuery(int count, Novelty novelty, Map<Integer, ContextTable.Range> ranges) {
        return new RankingQuery(count, novelty, ranges, null, "a mood", -1, null, null, null, null, null, null,
                Long.MIN_VALUE, true, null, null, null, null, ranges, null);
    }

    private static long fitting(Map<Integer, ContextTable.Range> ranges, double tolerance) {
        long n = 0;
        for (int t = 0; t < model.catalog.size(); t++) {
            n += fits(t, ranges, tolerance) ? 1 : 0;
        }
        return n;
    }

    private static boolean fits(int t, Map<Integer, ContextTable.Range> ranges, double tolerance) {
        for (Map.Entry<Integer, ContextTable.Range> e : ranges.entrySet()) {
            ContextTable.Range bound = RequestBounds.widened(e.getKey(), e.getValue(), tolerance);
            float v = (float) model.catalog.rawFeature(t, e.getKey());
            if (Float.isNaN(v) || v < (float) bound.min() || v > (float) bound.max()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aMoodsRangesBoundEveryTrackWhateverTheTasteAndTheNovelty() {
        Map<Integer, ContextTable.Range> calm = new HashMap<>();
        ContextTable.mood("calm").forEach((name, range) -> calm.put(FeatureSpace.index(name), range));
        for (Novelty novelty : Novelty.values()) {
            Ranker.Answer answer = new Ranker(RankingWeights.DEFAULTS).answer(model.catalog, coListening, listener,
                    moodQuery(40, novelty, calm));
            assertEquals(40, answer.tracks().size(), novelty + ": thousands of calm tracks");
            assertEquals(RequestBounds.Relaxation.NONE, answer.relaxation());
            for (Ranker.Ranked r : answer.tracks()) {
                assertTrue(fits(r.track(), calm, RequestBounds.TOLERANCE), novelty + ": " + model.catalog.name(r.track()));
            }
        }
    }

    @Test
    void tooFewCloseFitsRelaxTheMoodsRangesStepByStep() {
        Map<Integer, ContextTable.Range> rare = Map.of(
                FeatureSpace.index("tempo"), new ContextTable.Range(205, 206, 205),
                FeatureSpace.index("energy"), new ContextTable.Range(0, 0.05, 0.02),
                FeatureSpace.index("acousticness"), new ContextTable.Range(0.95, 1, 0.98));
        long close = fitting(rare, RequestBounds.TOLERANCE);
        long widened = fitting(rare, RequestBounds.WIDENED_TOLERANCE);
        assertTrue(close < 30 && widened > close, close + " close, " + widened + " widened");
        Ranker.Answer answer = new Ranker(RankingWeights.DEFAULTS).answer(model.catalog, coListening,
                TasteProfile.empty(model.catalog), moodQuery(30, Novelty.BALANCED, rare));
        assertEquals(close, answer.fitting()[0]);
        assertEquals(widened, answer.fitting()[1]);
        assertEquals(30, answer.tracks().size(), "the ranges stop bounding before the answer is short");
        if (widened >= 30) {
            assertEquals(RequestBounds.Relaxation.WIDENED, answer.relaxation());
            for (Ranker.Ranked r : answer.tracks()) {
                assertTrue(fits(r.track(), rare, RequestBounds.WIDENED_TOLERANCE), model.catalog.name(r.track()));
            }
        } else {
            assertEquals(RequestBounds.Relaxation.MOODS_DROPPED, answer.relaxation());
            long fit = answer.tracks().stream().filter(r -> fits(r.track(), rare, RequestBounds.WIDENED_TOLERANCE)).count();
            assertEquals(widened, fit, "every track that fits comes first, and all of them are there");
        }
    }

    @Test
    void aNewListenerWithoutAnyRequestStillGetsAnAnswer() {
        List<Ranker.Ranked> found = rank(TasteProfile.empty(model.catalog), RankingQuery.simple(25, Novelty.BALANCED));
        assertEquals(25, found.size());
        assertEquals(25, found.stream().map(Ranker.Ranked::track).distinct().count());
        assertTrue(found.stream().allMatch(r -> r.components().get("taste") == 0.0));
    }
}
