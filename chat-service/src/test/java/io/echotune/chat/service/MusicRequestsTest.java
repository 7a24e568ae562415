package io.echotune.chat.service;

import io.echotune.chat.FeatureRange;
import io.echotune.chat.MusicRequest;
import io.echotune.chat.Reading;
import io.echotune.chat.ShownTrack;
import io.echotune.chat.config.ChatConfig;
import org.junit.jupiter.api.Test;

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
        public int exclusionHeadroom() { return 25; }
        public int playbackLinks() { return 3; }
    };
    private static final String PROMPT = "upbeat indie folk for a rainy afternoon";

    private final MusicRequests requests = new MusicRequests(DEFAULTS);

    private static Reading reading(Integer count, Reading.Entities entities, Reading.Refinement refinement) {
        return new Reading("refine", entities, count, null, null, null, refinement, "local", "echotune-local", 0,
                "local/test", 0, null);
    }

    private static ShownTrack track(String id, String artist, double energy) {
        return new ShownTrack(id, "spotify:track:" + id, "Song " + id, List.of(artist), null, List.of("indie folk"),
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
                new Reading.Refinement(Map.of("energy", -0.2), null, null, null)), createDefaultRequest(), SHOWN).request();
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
                new Reading.Refinement(Map.of("energy", -0.2), null, null, null)), createDefaultRequest(), SHOWN).request();
        List<ShownTrack> calmerList = List.of(track("d", "Clairo", 0.5), track("e", "Big Thief", 0.4));
        MusicRequest twice = requests.refine("even calmer", reading(null, null,
                new Reading.Refinement(Map.of("energy", -0.2), null, null, null)), once, calmerList).request();
        assertEquals(0.4, twice.targets().get("energy").max(), 1e-9);
    }

    @Test
    void exclusionsAccumulateAndDropTracksFromTheListCaseInsensitively() {
        MusicRequest noDrake = requests.refine("no more Drake", reading(null, null,
                new Reading.Refinement(null, List.of("drake"), null, null)), createDefaultRequest(), SHOWN).request();
        MusicRequest alsoNoClairo = requests.refine("no Clairo either", reading(null, null,
                new Reading.Refinement(null, List.of("Clairo"), null, null)), noDrake, SHOWN).request();
        assertEquals(List.of("drake", "Clairo"), alsoNoClairo.excludedArtists());
        assertEquals(List.of("a"), requests.keepAllowed(SHOWN, alsoNoClairo).stream().map(ShownTrack::trackId).toList());
        assertEquals(45, requests.countToAsk(alsoNoClairo), "asks for more so the list can still be full");

        MusicRequest fresh = requests.fresh("something new", reading(null, null, null), alsoNoClairo).request();
        assertEquals(List.of("drake", "Clairo"), fresh.excludedArtists(), "exclusions hold for the conversation");
    }

    @Test
    void moreLikeTheThirdOneSeedsWithThatTrackAndAPositionOutOfRangeIsSaid() {
        MusicRequests.Built seeded = requests.refine("10 more like the third one", reading(10, null,
                new Reading.Refinement(null, null, null, 3)), createDefaultRequest(), SHOWN);
        assertEquals(List.of("c"), seeded.request().seedTracks());
        assertEquals(10, seeded.request().count());

        MusicRequests.Built missing = requests.refine("like the ninth one", reading(null, null,
                new Reading.Refinement(null, null, null, 9)), createDefaultRequest(), SHOWN);
        assertTrue(missing.notApplied().get(0).contains("no track at that position"), missing.notApplied().toString());
    }

    @Test
    void anEraIsRememberedAndSaidToBeUnappliable() {
        Reading.Entities nineties = new Reading.Entities(null, null, null, null, null,
                new Reading.Era("90s", java.time.LocalDate.of(1990, 1, 1), java.time.LocalDate.of(1999, 12, 31)), null);
        MusicRequests.Built built = requests.refine("only songs from the 90s", reading(null, nineties, null),
                createDefaultRequest(), SHOWN);
        assertEquals("90s", built.request().era().text());
        assertTrue(built.notApplied().get(0).contains("90s"));
    }
}
