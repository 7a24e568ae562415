package io.echotune.recommender;

import io.echotune.commons.music.catalog.CatalogTrack;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.RouterStub;
import io.echotune.recommender.support.SharedData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.echotune.recommender.RecommendationResourceTest.newUser;
import static io.echotune.recommender.RecommendationResourceTest.recommend;
import static io.echotune.recommender.RecommendationResourceTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request as a contract: an {@code era} bounds every track's release year (checked against the catalog files
 * themselves), too few tracks in it make a shorter answer that says so, and excluded tracks, artists and genres never
 * come back.
 */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
class ReleaseEraAndExclusionsTest {

    /** Release year by track id, from the shared catalog files as the commons reader merges them. */
    static Map<String, Integer> releaseYears;

    @BeforeAll
    static void readTheCatalogsReleaseYears() {
        releaseYears = new HashMap<>();
        for (CatalogTrack t : SharedData.catalog().tracks()) {
            if (t.releaseYear() != null) {
                releaseYears.put(t.id(), t.releaseYear());
            }
        }
    }

    static long tracksReleasedIn(int from, int to) {
        return releaseYears.values().stream().filter(y -> y >= from && y <= to).count();
    }

    static void assertReleasedIn(JsonPath answer, int from, int to) {
        List<String> ids = answer.getList("tracks.trackId");
        List<Integer> shownYears = answer.getList("tracks.releaseYear", Integer.class);
        for (int i = 0; i < ids.size(); i++) {
            Integer year = releaseYears.get(ids.get(i));
            assertTrue(year != null && year >= from && year <= to, ids.get(i) + " was released in " + year);
            assertEquals(year, shownYears.get(i), "the answer states the catalog's year");
        }
    }

    @Test
    void anEraBoundsEveryTrackToItsReleaseYears() {
        JsonPath answer = recommend(newUser(), Map.of("count", 30, "era", Map.of("from", 1990, "to", 1999),
                "context", Map.of("mood", "calm")));
        assertEquals(30, answer.getList("tracks").size());
        assertReleasedIn(answer, 1990, 1999);
        assertEquals(1990, answer.getInt("interpretation.era.from"));
        assertEquals(1999, answer.getInt("interpretation.era.to"));
        assertNull(answer.get("shortfall"), "the catalog holds " + tracksReleasedIn(1990, 1999) + " tracks from the 90s");
    }

    @Test
    void anOpenSidedEraIsABoundOnOneSide() {
        assertReleasedIn(recommend(newUser(), Map.of("count", 20, "era", Map.of("to", 1975))), 1800, 1975);
        assertReleasedIn(recommend(newUser(), Map.of("count", 20, "era", Map.of("from", 2019))), 2019, 2100);
    }

    @Test
    void tooFewTracksInTheEraMakeAShorterAnswerThatSaysSoRatherThanFillingFromOtherYears() {
        long fifties = tracksReleasedIn(1950, 1959);
        assertTrue(fifties > 0 && fifties < 20, fifties + " catalog tracks from the 1950s");
        JsonPath answer = recommend(newUser(), Map.of("count", 20, "era", Map.of("from", 1950, "to", 1959)));
        assertEquals(fifties, answer.getList("tracks").size(), "every one of them, and nothing else");
        assertReleasedIn(answer, 1950, 1959);
        assertEquals(20, answer.getInt("shortfall.requested"));
        assertEquals((int) fifties, answer.getInt("shortfall.returned"));
        assertTrue(answer.getString("shortfall.detail").contains("released 1950-1959"), answer.getString("shortfall.detail"));
    }

    @Test
    void aPromptNamingWholeYearsBoundsTheAnswerButASeasonDoesNot() {
        JsonPath nineties = recommend(newUser(), Map.of("prompt", RouterStub.NINETIES_PROMPT, "count", 20));
        assertEquals(1990, nineties.getInt("interpretation.era.from"));
        assertEquals(1999, nineties.getInt("interpretation.era.to"));
        assertEquals(20, nineties.getList("tracks").size());
        assertReleasedIn(nineties, 1990, 1999);

        // "last summer" is about when something was played, not when it was released
        JsonPath season = recommend(newUser(), Map.of("prompt", RouterStub.SEASON_PROMPT, "count", 20));
        assertNull(season.get("interpretation.era"));
        assertEquals(20, season.getList("tracks").size());

        // the request's era wins over the prompt's
        assertReleasedIn(recommend(newUser(), Map.of("prompt", RouterStub.NINETIES_PROMPT, "count", 10,
                "era", Map.of("from", 1980, "to", 1989))), 1980, 1989);
    }

    @Test
    void excludedTracksArtistsAndGenresNeverComeBack() {
        String user = newUser();
        Map<String, Object> request = Map.of("count", 20, "genres", List.of("indie folk"));
        JsonPath first = recommend(user, request);
        List<String> shown = first.getList("tracks.trackId");
        String artist = first.getString("tracks[0].artists[0]");

        Map<String, Object> excluding = new HashMap<>(request);
        excluding.put("excludeTrackIds", shown.stream().map(id -> "spotify:track:" + id).toList());
        excluding.put("excludeArtists", List.of(artist.toUpperCase()));
        JsonPath next = recommend(user, excluding);
        assertEquals(20, next.getList("tracks").size(), "the catalog has plenty more indie folk");
        for (String id : next.<String>getList("tracks.trackId")) {
            assertFalse(shown.contains(id), id + " was shown before");
        }
        for (List<String> artists : next.<List<String>>getList("tracks.artists")) {
            assertFalse(artists.contains(artist), artist + " is excluded: " + artists);
        }
        assertEquals(List.of(artist), next.getList("interpretation.excludedArtists"));

        JsonPath withoutPop = recommend(user, Map.of("count", 30, "excludeGenres", List.of("Pop")));
        for (List<String> genres : withoutPop.<List<String>>getList("tracks.genres")) {
            assertFalse(genres.contains("pop"), "pop is excluded: " + genres);
        }
        assertEquals(List.of("pop"), withoutPop.getList("interpretation.excludedGenres"));
    }

    @Test
    void badErasAndExclusionsAreRejectedFieldByField() {
        rejected(Map.of("era", Map.of("from", 2000, "to", 1990)), "era");
        rejected(Map.of("era", Map.of()), "era");
        rejected(Map.of("era", Map.of("from", 1200)), "era.from");
        rejected(Map.of("era", Map.of("to", 99999)), "era.to");
        rejected(Map.of("era", Map.of("since", 1990)), "era.since");
        rejected(Map.of("excludeTrackIds", List.of("4uLU6hMCjMI75M1A2tKUQC", "nope")), "excludeTrackIds[1]");
        rejected(Map.of("excludeArtists", List.of(" ")), "excludeArtists[0]");
        rejected(Map.of("excludeGenres", List.of("x".repeat(201))), "excludeGenres[0]");
        rejected(Map.of("excludeTrackIds", java.util.Collections.nCopies(1001, "4uLU6hMCjMI75M1A2tKUQC")), "excludeTrackIds");
    }
}
