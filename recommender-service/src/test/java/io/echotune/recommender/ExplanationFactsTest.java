package io.echotune.recommender;

import io.echotune.recommender.service.ModelService;
import io.echotune.recommender.support.FactChecker;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.RouterStub;
import io.echotune.recommender.support.Stores;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.echotune.recommender.RecommendationResourceTest.recommend;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Explanations state only facts from the data: two real listeners (an extended export and a basic one) get answers to
 * many kinds of request, and every number in every explanation is checked to be one of its evidence values, and every
 * evidence value is recomputed independently from MongoDB (history, catalog, profiles, feedback).
 */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplanationFactsTest {

    private final String extendedListener = "user-" + UUID.randomUUID();
    private final String basicListener = "user-" + UUID.randomUUID();

    @Inject
    ModelService model;

    @BeforeAll
    void importTwoRealHistories() {
        int extended = Stores.importHistory(extendedListener, "extended/efrrowini");
        int basic = Stores.importHistory(basicListener, "basic/anferben");
        Stores.completeImport(extendedListener, extended);
        Stores.completeImport(basicListener, basic);
        Stores.awaitProfile(extendedListener, extended);
        Stores.awaitProfile(basicListener, basic);
        model.refreshCoListening().await().indefinitely();
    }

    @AfterAll
    void removeThem() {
        Stores.removeUser(extendedListener);
        Stores.removeUser(basicListener);
    }

    static final List<Map<String, Object>> REQUESTS = List.of(
            Map.of("count", 30),
            Map.of("count", 30, "novelty", "familiar"),
            Map.of("count", 30, "novelty", "discover"),
            Map.of("count", 20, "context", Map.of("activity", "focus", "timeOfDay", "morning")),
            Map.of("count", 20, "context", Map.of("mood", "rainy", "timeOfDay", "afternoon")),
            Map.of("count", 20, "genres", List.of("indie pop", "dance pop")),
            Map.of("count", 20, "seedArtists", List.of("Lana Del Rey", "Soda Stereo")),
            Map.of("count", 15, "prompt", RouterStub.JAZZ_PROMPT),
            Map.of("count", 20, "targets", Map.of("valence", Map.of("min", 0.7), "danceability", Map.of("target", 0.8))));

    @Test
    void everyNumberInEveryExplanationIsAFactOfTheStores() {
        Set<String> kinds = new HashSet<>();
        for (String user : List.of(extendedListener, basicListener)) {
            FactChecker checker = new FactChecker(user);
            for (Map<String, Object> request : REQUESTS) {
                JsonPath answer = recommend(user, request);
                List<Map<String, Object>> tracks = answer.getList("tracks");
                assertFalse(tracks.isEmpty(), "an answer for " + request);
                for (Map<String, Object> track : tracks) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> evidence = (List<Map<String, Object>>) track.get("evidence");
                    FactChecker.numbersAreEvidenced(track, evidence);
                    for (Map<String, Object> e : evidence) {
                        checker.check(track, e);
                        kinds.add((String) e.get("kind"));
                    }
                }
            }
        }
        // the requests above exercise the facts a listener with history is told
        for (String kind : List.of("artist-plays", "track-plays", "genre-plays", "feature-fit", "shared-playlists",
                "requested-genre", "new-artist")) {
            assertTrue(kinds.contains(kind), "no explanation used " + kind + "; used " + kinds);
        }
    }

    @Test
    void aListenerHearsAboutTheirOwnListening() {
        JsonPath answer = recommend(extendedListener, Map.of("count", 20, "novelty", "familiar"));
        List<String> explanations = answer.getList("tracks.explanation", String.class);
        assertTrue(explanations.stream().anyMatch(e -> e.contains("you've played")), explanations.toString());
    }
}
