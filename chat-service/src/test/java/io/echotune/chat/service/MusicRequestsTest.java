package io.echotune.chat.service;

import io.echotune.chat.ConversationState;
import io.echotune.chat.FeatureRange;
import io.echotune.chat.MusicRequest;
import io.echotune.chat.Reading;
import io.echotune.chat.ShownTrack;
import io.echotune.chat.config.ChatConfig;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a conversation's request is built and changed: kept and changed, never replaced. */
class MusicRequestsTest {

    /** The documented defaults of {@link ChatConfig}. */
    private static final ChatConfig DEFAULTS = new ChatConfig() {
        public int maxTitleLength() { return 200; }
        public String defaultTitle() { return "New chat"; }
        public int maxMessageLength() { return 2000; }
        public int messagesPerMinute() { return 20; }
        public int contextTurns() { return 6; }
        public int defaultTrackCount() { return 20; }
        public int rememberedShownTracks() { return 500; }
        public int maxExcludedTracks() { return 1000; }
        public int playbackLinks() { return 3; }
        public java.time.Duration unansweredAfter() { return java.time.Duration.ofSeconds(60); }
    };
    private static final String PROMPT = "upbeat indie folk for a rainy afternoon";

    private final MusicRequests requests = new MusicRequests(DEFAULTS);

    private static Reading reading(Integer count, Reading.Entities entities, Reading.Refinement refinement) {
        return new Reading("refine", entities, count, null, null, null, refinement, "local", "echotune-local", 0,
                "local/test", 0, null);
    }

    private static ShownTrack track(String id, String artist, double energy) {
        return new ShownTrack(id, "spotify:track:" + id, "Song " + id, List.of(artist), null, null, List.of("indie folk"),
                Map.of("energy", energy), 1.0, "Indie folk");
    }

    private static final List<ShownTrack> SHOWN = List.of(track("a", "Big Thief", 0.8), track("b", "Drake", 0.6),
            track("c", "Clairo", 0.7));

    private MusicRequest createDefaultRequest() {
        return requests.fresh(PROMPT, reading(null, null, null), null).request();
    }

    @Test
    void calmerBoundsEnergyBelowTheShownMeanAndAimsLower() {
        MusicRequest calmer = requests.refine("make it calmer", reading(null, null,
                new Reading.Refinement(Map.of("energy", -0.2), null, null, null, null)), createDefaultRequest(), SHOWN).request();
        FeatureRange energy = calmer.targets().get("energy");
        assertEquals(0.65, energy.max(), 1e-9, "a quarter of the change below the mean 0.7");
        assertEquals(0.5, energy.target(), 1e-9);
        assertNull(energy.min());
        assertEquals(PROMPT, calmer.prompt(), "the request is kept");
        assertEquals(20, calmer.count());
    }

    @Test
    void calmerTwiceTightensTheBoundAgainstTheNewList() {
        MusicRequest once = requests.refine("calmer", reading(null, null,
                new Reading.Refinement(Map.of("energy", -0.2), null, null, null, null)), createDefaultRequest(), SHOWN).request();
        List<ShownTrack> calmerList = List.of(track("d", "Clairo", 0.5), track("e", "Big Thief", 0.4));
        MusicRequest twice = requests.refine("even calmer", reading(null, null,
                new Reading.Refinement(Map.of("energy", -0.2), null, null, null, null)), once, calmerList).request();
        assertEquals(0.4, twice.targets().get("energy").max(), 1e-9);
    }

    @Test
    void exclusionsAccumulateCaseInsensitivelyAndHoldForTheConversation() {
        MusicRequest noDrake = requests.refine("no more Drake", reading(null, null,
                new Reading.Refinement(null, List.of("drake"), null, null, null)), createDefaultRequest(), SHOWN).request();
        MusicRequest alsoNoClairo = requests.refine("no Clairo either", reading(null, null,
                new Reading.Refinement(null, List.of("Clairo"), null, null, null)), noDrake, SHOWN).request();
        assertEquals(List.of("drake", "Clairo"), alsoNoClairo.excludedArtists());
        assertEquals(20, alsoNoClairo.count(), "the recommender leaves them out: no more tracks are asked for");

        MusicRequest fresh = requests.fresh("something new", reading(null, null, null), alsoNoClairo).request();
        assertEquals(List.of("drake", "Clairo"), fresh.excludedArtists(), "exclusions hold for the conversation");
    }

    @Test
    void moreLikeTheThirdOneSeedsWithThatTrackAndAPositionOutOfRangeIsSaid() {
        MusicRequests.Built seeded = requests.refine("10 more like the third one", reading(10, null,
                new Reading.Refinement(null, null, null, 3, true)), createDefaultRequest(), SHOWN);
        assertEquals(List.of("c"), seeded.request().seedTracks());
        assertEquals(10, seeded.request().count());

        MusicRequests.Built missing = requests.refine("like the ninth one", reading(null, null,
                new Reading.Refinement(null, null, null, 9, null)), createDefaultRequest(), SHOWN);
        assertTrue(missing.notApplied().get(0).contains("no track at that position"), missing.notApplied().toString());
    }

    private static Reading.Entities era(String text, String from, String to) {
        return new Reading.Entities(null, null, null, null, null,
                new Reading.Era(text, LocalDate.parse(from), LocalDate.parse(to)), null);
    }

    @Test
    void aDecadeBecomesTheRequestsReleaseYearsAndALaterOneReplacesIt() {
        MusicRequests.Built nineties = requests.refine("only songs from the 90s",
                reading(null, era("90s", "1990-01-01", "1999-12-31"), null), createDefaultRequest(), SHOWN);
        assertEquals("1990-1999", nineties.request().era().years());
        assertTrue(nineties.notApplied().isEmpty());
        MusicRequest calmer = requests.refine("calmer", reading(null, null,
                new Reading.Refinement(Map.of("energy", -0.2), null, null, null, null)), nineties.request(), SHOWN).request();
        assertEquals("1990-1999", calmer.era().years(), "kept like every other constraint");
        MusicRequest eighties = requests.refine("only the 80s", reading(null, era("80s", "1980-01-01", "1989-12-31"), null),
                calmer, SHOWN).request();
        assertEquals("1980-1989", eighties.era().years());
    }

    @Test
    void aSeasonIsNoReleaseEraAndIsSaidNotToApply() {
        MusicRequests.Built summer = requests.refine("like last summer",
                reading(null, era("last summer", "2026-06-01", "2026-08-31"), null), createDefaultRequest(), SHOWN);
        assertNull(summer.request().era());
        assertEquals(List.of("I can only narrow a list by release year, so \"last summer\" was not applied"),
                summer.notApplied());
    }

    @Test
    void askingForMoreLeavesOutEverythingShownNewestFirstAndTurnedDownTracksAlways() {
        MusicRequest request = requests.withoutTrack(createDefaultRequest(), "x");
        ConversationState state = ConversationState.EMPTY.afterShowing(request, SHOWN, "r1", 500)
                .afterShowing(request, List.of(track("d", "Clairo", 0.5)), "r2", 500);
        assertEquals(List.of("a", "b", "c", "d"), state.shownTrackIds());
        Reading more = reading(10, null, new Reading.Refinement(null, null, null, 3, true));
        assertEquals(List.of("x", "d", "c", "b", "a"), requests.tracksToLeaveOut(request, more, state));
        Reading calmer = reading(null, null, new Reading.Refinement(Map.of("energy", -0.2), null, null, null, null));
        assertEquals(List.of("x"), requests.tracksToLeaveOut(request, calmer, state), "tracks that still fit may stay");
    }

    @Test
    void theConversationRemembersABoundedNumberOfShownTracks() {
        ConversationState state = ConversationState.EMPTY.afterShowing(null, SHOWN, "r1", 2);
        assertEquals(List.of("b", "c"), state.shownTrackIds(), "the oldest forgotten first");
        state = state.afterShowing(null, List.of(track("b", "Drake", 0.6)), "r2", 2);
        assertEquals(List.of("c", "b"), state.shownTrackIds(), "shown again: remembered as the newest");
    }

    @Test
    void aShortListIsSaidToBeShortWithTheBoundsThatMadeIt() {
        MusicRequest nineties = requests.refine("only songs from the 90s",
                reading(null, era("90s", "1990-01-01", "1999-12-31"), null), createDefaultRequest(), SHOWN).request();
        assertEquals(List.of(), requests.shortfallNote(nineties, 20));
        assertEquals(List.of("only 7 tracks in the catalog fit everything asked so far (released 1990-1999), so the "
                + "list is shorter than 20"), requests.shortfallNote(nineties, 7));
        assertEquals(List.of("no track in the catalog fits everything asked so far (released 1990-1999)"),
                requests.shortfallNote(nineties, 0));
    }
}
