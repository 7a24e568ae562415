package io.echotune.recommender;

import io.echotune.commons.music.catalog.CatalogTrack;
import io.echotune.recommender.service.ModelService;
import io.echotune.recommender.support.ContrastingListeners;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.RouterStub;
import io.echotune.recommender.support.Stores;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.recommender.RecommendationResourceTest.recommend;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22: the request is a contract. Listeners whose histories pull the other way (a dance-pop lover with five
 * co-listeners who love the same tracks and more, asking for "calm acoustic songs for a rainy afternoon"; a lover of
 * quiet acoustic songs asking for a "hard workout" and "90s hip hop") get only tracks that fit what the prompt was
 * read as: every track is checked against the bounds the answer's {@code interpretation} states, with the track's
 * features, genres and release year taken from the catalog files themselves. Too few fitting tracks make a shorter
 * answer that says so.
 */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestContractTest {

    private final String dancePopListener = "user-" + UUID.randomUUID();
    private final String acousticListener = "user-" + UUID.randomUUID();
    private final List<String> coListeners = new ArrayList<>();
    private final Map<String, CatalogTrack> catalog = ContrastingListeners.catalogById();

    @Inject
    ModelService model;

    @BeforeAll
    void listenersWhoseTastePullsTheOtherWay() {
        List<CatalogTrack> dancePop = ContrastingListeners.dancePop(60);
        List<CatalogTrack> quiet = ContrastingListeners.quietAcoustic(60);
        ContrastingListeners.importFavourites(dancePopListener, dancePop.subList(0, 40));
        ContrastingListeners.importFavourites(acousticListener, quiet.subList(0, 40));
        // five others love the same tracks and twenty more: enough for co-listening facts (min-other-listeners 5)
        for (int i = 0; i < 5; i++) {
            String danceFan = "user-" + UUID.randomUUID();
            String quietFan = "user-" + UUID.randomUUID();
            coListeners.add(danceFan);
            coListeners.add(quietFan);
            ContrastingListeners.importFavourites(danceFan, dancePop);
            ContrastingListeners.importFavourites(quietFan, quiet);
        }
    }

    private boolean liked;

    /** Once, with the application up: the favourite liked as well, then co-listening learned from all of them. */
    @BeforeEach
    void aLikeOnTopAndCoListeningLearned() {
        if (!liked) {
            like(dancePopListener, ContrastingListeners.LEVITATING);
            model.refreshCoListening().await().indefinitely();
            liked = true;
        }
    }

    @AfterAll
    void removeThem() {
        Stores.removeUser(dancePopListener);
        Stores.removeUser(acousticListener);
        coListeners.forEach(Stores::removeUser);
        model.refreshCoListening().await().indefinitely();
    }

    private static void like(String user, String trackId) {
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("trackId", trackId, "signal", "like"))
                .when().post("/api/v1/recommendations/feedback")
                .then().statusCode(202);
    }

    @Test
    void withoutARequestTheDancePopListenerGetsDancePopBackedByCoListening() {
        JsonPath plain = recommend(dancePopListener, Map.of("count", 20, "novelty", "familiar"));
        double energy = plain.getList("tracks.features.energy", Float.class).stream().mapToDouble(Float::doubleValue)
                .average().orElseThrow();
        double acousticness = plain.getList("tracks.features.acousticness", Float.class).stream()
                .mapToDouble(Float::doubleValue).average().orElseThrow();
        assertTrue(energy >= 0.7 && acousticness <= 0.2, "loud, unplugged favourites: energy " + energy
                + ", acousticness " + acousticness + ": " + plain.getList("tracks.name"));
        JsonPath balanced = recommend(dancePopListener, Map.of("count", 20));
        assertTrue(balanced.getList("tracks.components.collaborative", Float.class).stream().anyMatch(c -> c > 0.3f),
                "co-listening evidence is strong");
    }

    @Test
    void calmAcousticSongsForARainyAfternoonAreCalmAndAcousticWhateverTheTasteSays() {
        for (String novelty : List.of("balanced", "familiar")) {
            JsonPath answer = recommend(dancePopListener, Map.of("prompt", RouterStub.CALM_ACOUSTIC_PROMPT,
                    "count", 20, "novelty", novelty));
            assertEquals(List.of("calm"), answer.getList("interpretation.moods"));
            assertEquals(List.of("acoustic"), answer.getList("interpretation.genres"));
            Map<String, Map<String, Float>> features = answer.getMap("interpretation.bounds.features");
            assertEquals(java.util.Set.of("energy", "tempo", "acousticness"), features.keySet(),
                    "the calm mood's features bound the answer; the afternoon only aims");
            assertTrue(features.get("acousticness").get("min") >= 0.35f - 1e-6, features.toString());
            assertTrue(features.get("energy").get("max") <= 0.45f + 1e-6, features.toString());
            assertTrue(answer.getList("interpretation.bounds.genres").contains("acoustic"));
            assertEveryTrackFits(answer);
            assertFalse(answer.getList("tracks.trackId").contains(ContrastingListeners.LEVITATING), novelty);
            assertHonestLength(answer, 20);
        }
    }

    @Test
    void aHardWorkoutIsEnergeticAndFastForAListenerOfQuietSongs() {
        JsonPath answer = recommend(acousticListener, Map.of("prompt", RouterStub.WORKOUT_PROMPT, "count", 25));
        assertEquals(List.of("workout"), answer.getList("interpretation.activities"));
        Map<String, Map<String, Float>> features = answer.getMap("interpretation.bounds.features");
        assertEquals(java.util.Set.of("energy", "tempo", "danceability"), features.keySet());
        assertEquals(0.7f, features.get("energy").get("min"), 1e-4f, "0.75 less the tolerance of 0.05");
        assertEquals(25, answer.getList("tracks").size(), "the catalog has thousands of workout tracks");
        assertNull(answer.get("shortfall"));
        assertEveryTrackFits(answer);
    }

    @Test
    void ninetiesHipHopIsHipHopFromTheNinetiesForAListenerOfQuietSongs() {
        JsonPath answer = recommend(acousticListener, Map.of("prompt", RouterStub.NINETIES_PROMPT, "count", 20));
        assertEquals(1990, answer.getInt("interpretation.era.from"));
        assertEquals(1999, answer.getInt("interpretation.era.to"));
        List<String> genres = answer.getList("interpretation.bounds.genres");
        assertTrue(genres.containsAll(List.of("hip-hop", "hip hop", "southern hip hop", "rap")),
                "hip-hop however spelled, its subgenres and close neighbours: " + genres);
        assertEquals(20, answer.getList("tracks").size(), "the 90s of the catalog hold hundreds of rap tracks");
        assertEveryTrackFits(answer);
    }

    @Test
    void tooFewFittingTracksRelaxTheMoodsRangesInTheStatedOrderAndSaySo() {
        // sleep music that is also 90s hip hop: a handful at most, even with the feature tolerance widened
        JsonPath answer = recommend(dancePopListener, Map.of("prompt", RouterStub.NINETIES_PROMPT, "count", 20,
                "context", Map.of("activity", "sleep")));
        List<String> relaxed = answer.getList("interpretation.relaxed");
        assertEquals(2, relaxed.size(), relaxed.toString());
        assertTrue(relaxed.get(0).contains("sleep were widened from 0.05 to 0.15"), relaxed.get(0));
        assertTrue(relaxed.get(1).contains("stopped bounding the answer"), relaxed.get(1));
        assertNull(answer.get("interpretation.bounds.features"), "the sleep ranges no longer bound it");
        assertFalse(answer.getList("interpretation.bounds.genres").isEmpty(), "the genres still do");
        assertEquals(20, answer.getList("tracks").size());
        assertNull(answer.get("shortfall"));
        assertEveryTrackFits(answer);
    }

    @Test
    void whenEvenTheRelaxedBoundsFitTooFewTheAnswerIsShorterAndSaysWhatWasRelaxed() {
        // calm acoustic songs of the 1950s: the era never relaxes, and the catalog knows a handful of 1950s tracks
        JsonPath answer = recommend(dancePopListener, Map.of("prompt", RouterStub.CALM_ACOUSTIC_PROMPT, "count", 20,
                "era", Map.of("from", 1950, "to", 1959)));
        assertEveryTrackFits(answer);
        long fitting = fittingInTheCatalog(answer);
        assertTrue(fitting < 20, fitting + " catalog tracks fit");
        assertEquals(fitting, answer.getList("tracks").size(), "every fitting track, and nothing else");
        assertEquals(20, answer.getInt("shortfall.requested"));
        assertEquals((int) fitting, answer.getInt("shortfall.returned"));
        List<String> relaxed = answer.getList("interpretation.relaxed");
        assertEquals(3, relaxed.size(), relaxed.toString());
        assertTrue(relaxed.get(2).contains("The genres asked for (acoustic) then stopped bounding"), relaxed.get(2));
        String detail = answer.getString("shortfall.detail");
        assertTrue(detail.contains("released 1950-1959") && detail.contains(relaxed.get(2)), detail);
    }

    /** The bounds an answer states, read once from its interpretation. */
    private record StatedBounds(Map<String, Map<String, Float>> features, List<String> genres, List<String> artists,
                                Integer from, Integer to) {

        static StatedBounds of(JsonPath answer) {
            Map<String, Map<String, Float>> features = answer.getMap("interpretation.bounds.features");
            List<String> genres = answer.getList("interpretation.bounds.genres");
            List<String> artists = answer.getList("interpretation.bounds.artists");
            return new StatedBounds(features == null ? Map.of() : features, genres == null ? List.of() : genres,
                    artists == null ? List.of() : artists, answer.get("interpretation.era.from"),
                    answer.get("interpretation.era.to"));
        }

        /** Whether a catalog track fits: feature ranges, genres (or an asked-for artist), release years. */
        boolean fit(CatalogTrack t) {
            for (Map.Entry<String, Map<String, Float>> bound : features.entrySet()) {
                double v = ContrastingListeners.value(t, bound.getKey());
                // the catalog stores features as 32-bit floats: compared at that precision
                if (Double.isNaN(v) || (float) v < bound.getValue().get("min") || (float) v > bound.getValue().get("max")) {
                    return false;
                }
            }
            if (!genres.isEmpty() && t.genres().stream().noneMatch(genres::contains)
                    && t.artists().stream().noneMatch(artists::contains)) {
                return false;
            }
            return from == null || (t.releaseYear() != null && t.releaseYear() >= from && t.releaseYear() <= to);
        }
    }

    private long fittingInTheCatalog(JsonPath answer) {
        StatedBounds bounds = StatedBounds.of(answer);
        return catalog.values().stream().filter(bounds::fit).count();
    }

    /** Every track lies in every stated bound, by the catalog's own values. */
    private void assertEveryTrackFits(JsonPath answer) {
        StatedBounds bounds = StatedBounds.of(answer);
        List<String> ids = answer.getList("tracks.trackId");
        assertFalse(ids.isEmpty() && answer.get("shortfall") == null, "an empty answer says why");
        for (String id : ids) {
            CatalogTrack t = catalog.get(id);
            assertNotNull(t, id + " is a catalog track");
            assertTrue(bounds.fit(t), t.name() + " by " + t.artists() + " (" + t.features() + ", " + t.genres()
                    + ", " + t.releaseYear() + ") is outside " + bounds);
        }
    }

    /** A full answer, or a shorter one whose shortfall says how many fit. */
    private static void assertHonestLength(JsonPath answer, int count) {
        int returned = answer.getList("tracks").size();
        if (returned < count) {
            assertEquals(returned, answer.getInt("shortfall.returned"));
            assertEquals(count, answer.getInt("shortfall.requested"));
        } else {
            assertNull(answer.get("shortfall"));
        }
        Map<String, Object> seen = new HashMap<>();
        answer.<String>getList("tracks.trackId").forEach(id -> assertNull(seen.put(id, id), "distinct tracks"));
    }
}
