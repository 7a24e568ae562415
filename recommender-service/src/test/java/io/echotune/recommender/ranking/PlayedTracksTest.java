package io.echotune.recommender.ranking;

import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.TrackRefs;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.support.ExportedHistories;
import io.echotune.recommender.support.InMemoryModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracks a listener played that the catalog does not hold (issue 22): candidates for familiar answers, scored only by
 * what their plays say, never let in under a bound the catalog cannot check, and explained from their plays.
 */
class PlayedTracksTest {

    private static final long DAY = 24L * 3600 * 1000;
    private static final long HALF_LIFE = 120 * DAY;
    /** Well-formed Spotify ids the catalog does not hold. */
    private static final String FRESH = "0000000000000000Fresh1";
    private static final String OLD = "00000000000000000ld5ng";

    static InMemoryModel model;
    static CoListening coListening;
    static TasteProfile listener;   // an extended export: most of its tracks are outside the catalog, all have URIs
    static int favourite;           // its most-streamed track outside the catalog (position in played())

    @BeforeAll
    static void buildTheModel() {
        model = InMemoryModel.shared();
        coListening = CoListening.build(model.catalog.size(), RankerTest.playlists(model.catalog), List.of(), 50, 3.0, 2, 0);
        listener = TasteProfile.derive(model.accumulate(model.plays(ExportedHistories.load("extended/primoscope")), HALF_LIFE),
                List.of(), model.catalog, 200);
        PlayedTracks played = listener.played();
        favourite = 0;
        for (int i = 1; i < played.size(); i++) {
            if (played.streams(i) > played.streams(favourite)) {
                favourite = i;
            }
        }
    }

    static List<Ranker.Ranked> rank(TasteProfile p, RankingQuery q) {
        return new Ranker(RankingWeights.DEFAULTS).rank(model.catalog, coListening, p, q);
    }

    static Ranker.Ranked find(List<Ranker.Ranked> answer, int track) {
        return answer.stream().filter(r -> r.track() == track).findFirst().orElse(null);
    }

    @Test
    void familiarBringsBackAFavouriteTheCatalogDoesNotHold() {
        assertTrue(listener.played().size() > 100, "the history's tracks outside the catalog are the listener's tracks");
        int n = model.catalog.size();
        Ranker.Ranked r = find(rank(listener, RankingQuery.simple(20, Novelty.FAMILIAR)), n + favourite);
        assertTrue(r != null, "the most-streamed track outside the catalog is in the top 20");
        // the components that need features, co-listening or popularity are absent, not made up
        assertEquals(0.0, r.components().get("context"));
        assertEquals(0.0, r.components().get("collaborative"));
        assertEquals(0.0, r.components().get("popularity"));
        assertTrue(r.components().get("novelty") > 0);
        assertTrue(r.explanation().contains(String.valueOf(listener.played().streams(favourite))), r.explanation());
        assertEquals("track-plays".equals(r.evidence().getFirst().kind()) || "long-time-favourite".equals(r.evidence().getFirst().kind())
                || "rotation".equals(r.evidence().getFirst().kind()), true, r.evidence().toString());
    }

    @Test
    void aFavouriteKnownByNameOnlyIsOfferedUnderItsNameKey() {
        // a basic export has no URIs: its tracks outside the catalog are named by their name key (TrackRefs)
        TasteProfile basic = TasteProfile.derive(model.accumulate(model.plays(ExportedHistories.load("basic/anferben")),
                HALF_LIFE), List.of(), model.catalog, 200);
        PlayedTracks played = basic.played();
        assertTrue(played.size() > 100, "the basic history's tracks outside the catalog are known");
        int n = model.catalog.size();
        int mostStreamed = 0;
        for (int i = 1; i < played.size(); i++) {
            if (played.streams(i) > played.streams(mostStreamed)) {
                mostStreamed = i;
            }
        }
        List<Ranker.Ranked> answer = rank(basic, RankingQuery.simple(50, Novelty.FAMILIAR));
        assertEquals(50, answer.size());
        assertTrue(find(answer, n + mostStreamed) != null, "the most-streamed track outside the catalog is offered");
        String ref = played.ref(mostStreamed);
        assertTrue(TrackRefs.isNameKey(ref), ref);
        assertEquals(ref, played.key(mostStreamed), "named as its plays are stored");
        assertEquals(mostStreamed, played.indexOf(ref));
        assertNull(played.spotifyId(mostStreamed));
    }

    @Test
    void aBoundTheCatalogCannotCheckLeavesOutEveryTrackOutsideIt() {
        int n = model.catalog.size();
        RankingQuery loud = new RankingQuery(30, Novelty.FAMILIAR, null, Map.of(FeatureSpace.index("energy"),
                new ContextTable.Range(0.5, 1.0, 0.7)), null, -1, null, null, null, null, null, null, Long.MIN_VALUE, true,
                null, null);
        List<Ranker.Ranked> answer = rank(listener, loud);
        assertEquals(30, answer.size());
        assertTrue(answer.stream().allMatch(r -> r.track() < n), "a featureless track cannot be shown to fit energy >= 0.5");
        RankingQuery era = new RankingQuery(30, Novelty.FAMILIAR, null, null, null, -1, null, null, null, null, null, null,
                Long.MIN_VALUE, true, null, null, null, new RankingQuery.YearRange(1990, 1999));
        assertTrue(rank(listener, era).stream().allMatch(r -> r.track() < n), "nor a release year");
    }

    @Test
    void excludedArtistsAndDiscoverLeaveThemOut() {
        int n = model.catalog.size();
        String artist = TrackNames.normalise(listener.played().artistNames(favourite).getFirst());
        RankingQuery without = RankingQuery.simple(50, Novelty.FAMILIAR).withOutside(Long.MIN_VALUE, Set.of(), Set.of(artist));
        assertTrue(rank(listener, without).stream().noneMatch(r -> r.track() >= n
                && TrackNames.normalise(listener.played().artistNames(r.track() - n).getFirst()).equals(artist)));
        assertTrue(rank(listener, RankingQuery.simple(50, Novelty.DISCOVER)).stream().noneMatch(r -> r.track() >= n));
    }

    @Test
    void theCurrentRotationIsANamedReasonTheExplanationCites() {
        // a track outside the catalog streamed 5 times in the last 2 weeks, one streamed 9 times two years ago
        long now = 1_750_000_000_000L;
        List<Play> plays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            plays.add(new Play("new" + i, now - (2 + 3 * i) * DAY, 200_000, "music", FRESH, "Fresh Song",
                    "Nobody The Catalog Knows", "clickrow", "trackdone", false, "spotify:track:" + FRESH, null));
        }
        for (int i = 0; i < 9; i++) {
            plays.add(new Play("old" + i, now - (700 + i) * DAY, 200_000, "music", OLD, "Old Song",
                    "Someone Else Unknown", "clickrow", "trackdone", false, "spotify:track:" + OLD, null));
        }
        TasteProfile p = TasteProfile.derive(model.accumulate(plays, HALF_LIFE), List.of(), model.catalog, 200);
        List<Ranker.Ranked> answer = rank(p, RankingQuery.simple(10, Novelty.FAMILIAR).withOutside(now, Set.of(), Set.of()));
        int n = model.catalog.size();
        Ranker.Ranked fresh = answer.getFirst();
        assertEquals("Fresh Song", p.played().name(fresh.track() - n), "the current rotation comes first");
        assertTrue(fresh.explanation().startsWith("In your current rotation: 5 plays in the last 3 weeks"), fresh.explanation());
        assertEquals("rotation", fresh.evidence().getFirst().kind());
        Ranker.Ranked old = answer.get(1);
        assertEquals("Old Song", p.played().name(old.track() - n));
        assertTrue(old.explanation().startsWith("A favourite you haven't played since"), old.explanation());
        // asked a year later, nothing is in rotation any more
        List<Ranker.Ranked> later = rank(p, RankingQuery.simple(10, Novelty.FAMILIAR).withOutside(now + 365 * DAY, Set.of(), Set.of()));
        assertFalse(later.stream().anyMatch(r -> r.explanation().contains("current rotation")));
    }
}
