package io.echotune.recommender.ranking;

import io.echotune.recommender.Evidence;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.support.ExportedHistories;
import io.echotune.recommender.support.InMemoryModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #15: "2 listeners who love X also love Y" counted the person asking, so it revealed one other person's taste.
 * A listener pair is used, in scoring and in explanations, only when at least {@link #MIN_OTHERS} listeners besides
 * the asker love both, and the count shown leaves the asker out. The catalog here has no public playlists, so every
 * co-listening fact comes from listeners.
 */
class CoListeningPrivacyTest {

    /** The default of echotune.recommender.co-listening.min-other-listeners. */
    static final int MIN_OTHERS = 5;

    static InMemoryModel model;
    static TasteProfile asker;
    static int x;
    static int y;

    @BeforeAll
    static void aListenerWhoLovesTwoTracks() {
        model = InMemoryModel.sharedWithoutPlaylists();
        TasteAccumulator acc = model.accumulate(model.plays(ExportedHistories.load("basic/anferben")), 120L * 24 * 3600 * 1000);
        asker = TasteProfile.derive(acc, List.of(), model.catalog, 200);
        x = asker.loved()[0];
        y = asker.loved()[1];
    }

    /** The asker's loved list plus {@code others} other listeners who love exactly X and Y. */
    static CoListening learned(int others) {
        List<int[]> baskets = new ArrayList<>();
        baskets.add(asker.loved());
        for (int i = 0; i < others; i++) {
            baskets.add(new int[] {x, y});
        }
        return CoListening.build(model.catalog.size(), List.of(), baskets, 50, 3.0, MIN_OTHERS, 0);
    }

    @Test
    void fourOtherListenersAreTooFewToUseOrShow() {
        CoListening col = learned(MIN_OTHERS - 1);
        assertEquals(MIN_OTHERS, col.listeners(x, y), "the model counts the asker too");
        assertEquals(0, col.otherListeners(x, y, true), "four besides the asker: not usable");
        assertEquals(0f, col.similarity(positionOf(col, x, y), true), "no similarity for the asker");
        assertEquals(MIN_OTHERS, col.otherListeners(x, y, false), "someone not among them sees five others");

        List<Ranker.Ranked> ranked = rankAroundX(col);
        assertTrue(ranked.stream().allMatch(r -> r.components().get("collaborative") == 0.0),
                "no co-listening component for anyone");
        assertTrue(ranked.stream().noneMatch(r -> r.explanation().contains("listeners who love")),
                "no co-listening explanation");
        assertTrue(ranked.stream().flatMap(r -> r.evidence().stream()).noneMatch(e -> "co-listeners".equals(e.kind())));
    }

    @Test
    void fiveOtherListenersAreShownWithoutTheAsker() {
        CoListening col = learned(MIN_OTHERS);
        assertEquals(MIN_OTHERS + 1, col.listeners(x, y));
        assertEquals(MIN_OTHERS, col.otherListeners(x, y, true));
        assertTrue(col.similarity(positionOf(col, x, y), true) > 0);

        List<Ranker.Ranked> ranked = rankAroundX(col);
        Ranker.Ranked recommendedY = ranked.stream().filter(r -> r.track() == y).findFirst()
                .orElseThrow(() -> new AssertionError("Y, the only co-listened track, is recommended"));
        assertTrue(recommendedY.components().get("collaborative") > 0, "the co-listening component counts");
        Optional<Evidence> told = recommendedY.evidence().stream().filter(e -> "co-listeners".equals(e.kind())).findFirst();
        assertTrue(told.isPresent(), "the explanation names the co-listeners: " + recommendedY.explanation());
        assertEquals(MIN_OTHERS, told.get().count(), "the asker is not counted");
        assertTrue(recommendedY.explanation().contains(MIN_OTHERS + " other listeners who love"),
                recommendedY.explanation());
        assertFalse(recommendedY.explanation().contains((MIN_OTHERS + 1) + " "), recommendedY.explanation());
    }

    /** Familiar tracks allowed (the asker loves Y), X as the seed: Y's only link to X is the listeners. */
    private static List<Ranker.Ranked> rankAroundX(CoListening col) {
        RankingQuery q = RankingQuery.simple(100, Novelty.FAMILIAR).withSeedTracks(new int[] {x});
        return new Ranker(RankingWeights.DEFAULTS).rank(model.catalog, col, asker, q);
    }

    private static int positionOf(CoListening col, int a, int b) {
        for (int i = col.neighboursStart(a); i < col.neighboursEnd(a); i++) {
            if (col.neighbour(i) == b) {
                return i;
            }
        }
        throw new AssertionError(b + " is not a neighbour of " + a);
    }
}
