package io.echotune.recommender;

import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.RouterStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/recommendations} for users without history: shape, count, determinism, context and targets,
 * the per-artist cap, prompts read by the (stubbed) LLM router and the fallback when it is down, and every kind of
 * invalid request answered as problem+json naming the field.
 */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
class RecommendationResourceTest {

    static final String RECOMMENDATIONS = "/api/v1/recommendations";
    static final Set<String> COMPONENTS = Set.of("taste", "context", "semantic", "collaborative", "novelty",
            "popularity", "diversity");

    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    static JsonPath recommend(String user, Map<String, ?> body) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(body)
                .when().post(RECOMMENDATIONS)
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    @Test
    void answersExactlyCountDistinctTracksEachWithComponentsThatSumToItsScore() {
        JsonPath answer = recommend(newUser(), Map.of("count", 37));

        List<Map<String, Object>> tracks = answer.getList("tracks");
        assertEquals(37, tracks.size());
        assertEquals(37, new HashSet<>(answer.getList("tracks.trackId")).size(), "distinct tracks");
        assertTrue(answer.getString("requestId").startsWith("rec-"));
        for (Map<String, Object> t : tracks) {
            assertEquals("spotify:track:" + t.get("trackId"), t.get("uri"));
            assertNotNull(t.get("name"));
            @SuppressWarnings("unchecked")
            Map<String, Number> components = (Map<String, Number>) t.get("components");
            assertEquals(COMPONENTS, components.keySet());
            double sum = components.values().stream().mapToDouble(Number::doubleValue).sum();
            assertEquals(((Number) t.get("score")).doubleValue(), sum, 1e-3, "score is the sum of its components");
            assertFalse(((String) t.get("explanation")).isBlank());
            assertTrue(((Map<?, ?>) t.get("features")).containsKey("energy"));
        }
        List<Float> scores = answer.getList("tracks.score", Float.class);
        for (int i = 1; i < scores.size(); i++) {
            assertTrue(scores.get(i) <= scores.get(i - 1) + 1e-6, "scores never rise down the list");
        }
    }

    @Test
    void defaultCountIsTwenty() {
        assertEquals(20, recommend(newUser(), Map.of()).getList("tracks").size());
    }

    @Test
    void theSameRequestGetsTheSameAnswer() {
        String user = newUser();
        Map<String, Object> request = Map.of("count", 30, "genres", List.of("indie folk"),
                "context", Map.of("mood", "calm", "timeOfDay", "evening"));
        JsonPath first = recommend(user, request);
        JsonPath second = recommend(user, request);
        assertEquals(first.getList("tracks.trackId"), second.getList("tracks.trackId"));
        assertEquals(first.getList("tracks.score"), second.getList("tracks.score"));
        assertEquals(first.getString("requestId"), second.getString("requestId"));
    }

    @Test
    void noArtistAppearsMoreThanTwiceUnlessAsked() {
        JsonPath answer = recommend(newUser(), Map.of("count", 50, "genres", List.of("k-pop")));
        Map<String, Integer> perArtist = new HashMap<>();
        for (List<String> artists : answer.<List<String>>getList("tracks.artists")) {
            artists.forEach(a -> perArtist.merge(a, 1, Integer::sum));
        }
        perArtist.forEach((artist, n) -> assertTrue(n <= 2, artist + " appears " + n + " times"));
    }

    @Test
    void aWorkoutGetsEnergeticFastTracksAndSaysWhy() {
        JsonPath answer = recommend(newUser(), Map.of("count", 20, "context", Map.of("activity", "workout")));
        List<Float> energy = answer.getList("tracks.features.energy", Float.class);
        List<Float> tempo = answer.getList("tracks.features.tempo", Float.class);
        double meanEnergy = energy.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        double meanTempo = tempo.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        assertTrue(meanEnergy >= 0.75, "mean energy " + meanEnergy);
        assertTrue(meanTempo >= 115, "mean tempo " + meanTempo);
        assertTrue(answer.getList("tracks.explanation", String.class).stream().anyMatch(e -> e.contains("fits your workout")));
        assertEquals(0.88, answer.getDouble("interpretation.targets.energy.target"), 1e-9);
    }

    @Test
    void explicitTargetsOverrideTheContextAndBoundTheAnswer() {
        JsonPath answer = recommend(newUser(), Map.of("count", 25, "context", Map.of("activity", "workout"),
                "targets", Map.of("energy", Map.of("max", 0.3), "acousticness", Map.of("min", 0.6, "target", 0.8))));
        for (Float e : answer.getList("tracks.features.energy", Float.class)) {
            assertTrue(e <= 0.3f, "energy " + e + " above the max asked for");
        }
        for (Float a : answer.getList("tracks.features.acousticness", Float.class)) {
            assertTrue(a >= 0.6f, "acousticness " + a + " below the min asked for");
        }
        assertEquals(0.3, answer.getDouble("interpretation.targets.energy.max"), 1e-9);
    }

    @Test
    void askedForGenresLeadTheAnswer() {
        JsonPath answer = recommend(newUser(), Map.of("count", 20, "genres", List.of("bossa nova")));
        long tagged = answer.<List<String>>getList("tracks.genres").stream().filter(g -> g.contains("bossa nova")).count();
        assertTrue(tagged >= 15, tagged + " of 20 tracks are tagged bossa nova");
        assertTrue(answer.getList("tracks.explanation", String.class).stream().anyMatch(e -> e.contains("bossa nova, as you asked")));
    }

    @Test
    void aSeedArtistOutsideTheCatalogStillSteersByItsGenres() {
        // Phoebe Bridgers has genre tags in the artist table; few or none of her tracks are in the catalog
        JsonPath answer = recommend(newUser(), Map.of("count", 20, "seedArtists", List.of("Phoebe Bridgers")));
        long folkish = answer.<List<String>>getList("tracks.genres").stream()
                .filter(g -> g.stream().anyMatch(x -> x.contains("indie") || x.contains("folk"))).count();
        assertTrue(folkish >= 10, folkish + " of 20 tracks share indie/folk tags with Phoebe Bridgers");
    }

    @Test
    void aPromptIsReadByTheRouterWithTheCallersTokenAndTheOfflineInterpreter() {
        String user = newUser();
        JsonPath answer = recommend(user, Map.of("prompt", RouterStub.JAZZ_PROMPT, "count", 15));

        assertEquals("llm-router", answer.getString("interpretation.source"));
        assertEquals("local", answer.getString("interpretation.providerUsed"));
        assertEquals(List.of("jazz"), answer.getList("interpretation.genres"));
        assertEquals(List.of("calm"), answer.getList("interpretation.moods"));
        assertEquals("afternoon", answer.getString("interpretation.timeOfDay"));
        assertEquals(15, answer.getList("tracks").size());
        long jazz = answer.<List<String>>getList("tracks.genres").stream().filter(g -> g.stream().anyMatch(x -> x.contains("jazz"))).count();
        assertTrue(jazz >= 10, jazz + " of 15 tracks are jazz");
        for (Float e : answer.getList("tracks.features.energy", Float.class)) {
            assertTrue(e <= 0.6f, "energy " + e + " for a calm afternoon");
        }
        RecommenderTestEnvironment.router().verify(postRequestedFor(urlEqualTo(RouterStub.PATH))
                .withHeader("Authorization", matching("Bearer [A-Za-z0-9_.-]+"))
                .withRequestBody(matchingJsonPath("$.text", equalTo(RouterStub.JAZZ_PROMPT)))
                .withRequestBody(matchingJsonPath("$.provider", equalTo("local"))));
    }

    @Test
    void theReadingsCountAppliesUnlessTheRequestSetsOne() {
        assertEquals(12, recommend(newUser(), Map.of("prompt", RouterStub.RUN_PROMPT)).getList("tracks").size());
        assertEquals(5, recommend(newUser(), Map.of("prompt", RouterStub.RUN_PROMPT, "count", 5)).getList("tracks").size());
    }

    @Test
    void whenTheRouterIsDownTheStructuredFieldsStillAnswerAndSaySo() {
        JsonPath answer = recommend(newUser(), Map.of("prompt", "sad songs " + RouterStub.DOWN, "count", 10,
                "context", Map.of("mood", "sad")));
        assertEquals("structured-only", answer.getString("interpretation.source"));
        assertTrue(answer.getString("interpretation.note").contains("could not be reached"));
        assertEquals(10, answer.getList("tracks").size());
        for (Float v : answer.getList("tracks.features.valence", Float.class)) {
            assertTrue(v <= 0.5f, "valence " + v + " for a sad mood");
        }
    }

    @Test
    void theUsersPreferenceAgainstExplicitContentIsHonoured() {
        String user = newUser();
        String token = forUser(user, Set.of(), Map.of("novelty", "balanced", "explicitContent", false));
        JsonPath answer = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("count", 40, "genres", List.of("rap"))).when().post(RECOMMENDATIONS)
                .then().statusCode(200).extract().jsonPath();
        List<String> ids = answer.getList("tracks.trackId");
        assertEquals(40, ids.size());
        JsonPath withExplicit = recommend(user, Map.of("count", 40, "genres", List.of("rap")));
        assertNotEquals(ids, withExplicit.getList("tracks.trackId"), "rap without explicit tracks is another list");
        try (var mongo = com.mongodb.client.MongoClients.create(RecommenderTestEnvironment.mongoUri())) {
            var tracks = mongo.getDatabase("echotune").getCollection("tracks");
            for (String id : ids) {
                assertNotEquals(Boolean.TRUE, tracks.find(new org.bson.Document("_id", id)).first().get("explicit"), id);
            }
        }
    }

    // ---------------------------------------------------------------- problems

    static void rejected(Object body, String field) {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON).body(body)
                .when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("urn:echotune:problem:validation"))
                .body("errors.field", hasItem(field));
    }

    @Test
    void countOutsideOneToAHundredIsRejected() {
        rejected(Map.of("count", 0), "count");
        rejected(Map.of("count", 101), "count");
    }

    @Test
    void unknownNoveltyIsRejected() {
        rejected(Map.of("novelty", "adventurous"), "novelty");
    }

    @Test
    void badTargetsAreRejectedFieldByField() {
        rejected(Map.of("targets", Map.of("groove", Map.of("min", 0.2))), "targets.groove");
        rejected(Map.of("targets", Map.of("energy", Map.of("min", 0.8, "max", 0.2))), "targets.energy");
        rejected(Map.of("targets", Map.of("energy", Map.of("max", 1.5))), "targets.energy.max");
        rejected(Map.of("targets", Map.of("tempo", Map.of("target", -3))), "targets.tempo.target");
        rejected(Map.of("targets", Map.of("valence", Map.of())), "targets.valence");
    }

    @Test
    void unknownContextNamesAreRejectedWithTheKnownOnes() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("context", Map.of("activity", "skydiving"))).when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("context.activity"))
                .body("errors[0].message", containsString("workout"));
        rejected(Map.of("context", Map.of("timeOfDay", "teatime")), "context.timeOfDay");
    }

    @Test
    void malformedSeedsAndWindowsAreRejected() {
        rejected(Map.of("seedTracks", List.of("4uLU6hMCjMI75M1A2tKUQC", "not-a-track")), "seedTracks[1]");
        rejected(Map.of("excludePlayedWithinDays", -1), "excludePlayedWithinDays");
        rejected(Map.of("genres", List.of(" ")), "genres[0]");
        rejected(Map.of("prompt", "x".repeat(1001)), "prompt");
    }

    /**
     * Issue #15: a window reaching back before any plausible date (or past the integer range) is a 400 naming the field,
     * never an overflow in the cut-off arithmetic.
     */
    @Test
    void windowsBeyondTheLimitOrTheIntegerRangeAreProblemsNotOverflows() {
        for (long days : new long[] {3651, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            rejected(Map.of("excludePlayedWithinDays", days), "excludePlayedWithinDays");
        }
        for (String tooBig : List.of("99999999999", "1e300", "-9223372036854775809")) {
            given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                    .body("{\"excludePlayedWithinDays\": " + tooBig + "}").when().post(RECOMMENDATIONS)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("excludePlayedWithinDays"));
        }
        io.echotune.recommender.support.TestWaits.untilTrue("the model is loaded",
                () -> given().when().get("/q/health/ready").statusCode() == 200);
        recommend(newUser(), Map.of("count", 3, "excludePlayedWithinDays", 3650));
    }

    @Test
    void aFieldOfNoSuchNameIsRejectedWithTheFieldsThereAre() {
        // "limit" for "count" would otherwise get the default 20 tracks without a word
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("limit", 10, "novelty", "discover")).when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("limit"))
                .body("errors[0].message", containsString("count"));
        rejected(Map.of("context", Map.of("activty", "workout")), "context.activty");
        rejected(Map.of("targets", Map.of("energy", Map.of("minimum", 0.5))), "targets.energy.minimum");
        Map<String, Object> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            many.put("field" + i, i);
        }
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON).body(many)
                .when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .body("errors.size()", org.hamcrest.Matchers.equalTo(11))
                .body("errors[10].message", containsString("490 more"));
    }

    @Test
    void everyProblemOfARequestIsNamedAtOnce() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("count", 500, "novelty", "wild")).when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("count", "novelty"));
    }

    @Test
    void aBodyThatIsNotJsonIsAProblem() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body("{\"count\": ").when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("urn:echotune:problem:malformed-body"));
    }

    @Test
    void aFieldOfTheWrongTypeIsAProblemNamingTheField() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body("{\"count\": \"many\"}").when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("urn:echotune:problem:malformed-body"))
                .body("detail", containsString("(at count)"));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().contentType(ContentType.JSON).body(Map.of()).when().post(RECOMMENDATIONS).then().statusCode(401);
    }
}
