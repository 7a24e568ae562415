package io.echotune.llmrouter;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The interpret endpoint with no remote provider configured: the offline interpreter answers everything. */
@QuarkusTest
class InterpretResourceTest {

    private static final String INTERPRET = "/api/v1/llm/interpret";
    private static final Map<String, String> PREVIOUS_REQUEST = Map.of("role", "user", "text", "play some energetic rock");
    private static final Map<String, String> PREVIOUS_ANSWER = Map.of("role", "assistant", "text", "Here are 20 energetic rock tracks.");

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static io.restassured.response.ValidatableResponse interpret(Map<String, Object> body) {
        return given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON).body(body)
                .when().post(INTERPRET).then();
    }

    @Test
    void recommendationRequestIsReadIntoEntitiesCountAndFeatureTargets() {
        interpret(Map.of("text", "give me 20 upbeat songs for my morning run"))
                .statusCode(200)
                .body("intent", equalTo("recommend"))
                .body("count", equalTo(20))
                .body("entities.moods", contains("upbeat"))
                .body("entities.activities", contains("running"))
                .body("entities.timeOfDay", equalTo("morning"))
                .body("entities.artists", empty())
                .body("targets.energy.min", notNullValue())
                .body("targets.tempo.target", notNullValue())
                .body("providerUsed", equalTo("local"))
                .body("model", equalTo("echotune-local"))
                .body("promptVersion", startsWith("local/lexicon-"))
                .body("fallbackAttempts", equalTo(0))
                .body("latencyMs", greaterThanOrEqualTo(0));
    }

    @Test
    void calmerAfterAPreviousRequestLowersEnergy() {
        interpret(Map.of("text", "calmer", "context", List.of(PREVIOUS_REQUEST, PREVIOUS_ANSWER)))
                .statusCode(200)
                .body("intent", equalTo("refine"))
                .body("refinement.adjust.energy", lessThan(0f))
                .body("refinement", not(hasKey("empty")));
    }

    @Test
    void noMoreArtistExcludesThatArtist() {
        interpret(Map.of("text", "no more Coldplay", "context", List.of(PREVIOUS_REQUEST, PREVIOUS_ANSWER)))
                .statusCode(200)
                .body("intent", equalTo("refine"))
                .body("refinement.excludeArtists", contains("Coldplay"))
                .body("entities.artists", not(contains("Coldplay")));
    }

    @Test
    void moreLikeTheSecondOneSeedsFromThatPosition() {
        interpret(Map.of("text", "more like the second one", "context", List.of(PREVIOUS_REQUEST, PREVIOUS_ANSWER)))
                .statusCode(200)
                .body("intent", equalTo("refine"))
                .body("refinement.seedPosition", equalTo(2));
    }

    @Test
    void tenMoreLikeTheThirdOneReadsTheCountTheSeedAndThatNothingShownShouldComeBack() {
        interpret(Map.of("text", "10 more like the third one", "context", List.of(PREVIOUS_REQUEST, PREVIOUS_ANSWER)))
                .statusCode(200)
                .body("intent", equalTo("refine"))
                .body("count", equalTo(10))
                .body("refinement.seedPosition", equalTo(3))
                .body("refinement.excludeShown", equalTo(true));
        interpret(Map.of("text", "calmer", "context", List.of(PREVIOUS_REQUEST, PREVIOUS_ANSWER)))
                .statusCode(200)
                .body("refinement", not(hasKey("excludeShown")));
    }

    @Test
    void onlySongsFromTheNinetiesIsARefinementWithAWholeDecade() {
        interpret(Map.of("text", "only songs from the 90s", "context", List.of(PREVIOUS_REQUEST, PREVIOUS_ANSWER)))
                .statusCode(200)
                .body("intent", equalTo("refine"))
                .body("entities.era.from", equalTo("1990-01-01"))
                .body("entities.era.to", equalTo("1999-12-31"));
    }

    @Test
    void followUpWithoutAPreviousRequestIsNotARefinement() {
        interpret(Map.of("text", "more like the second one"))
                .statusCode(200)
                .body("intent", not(equalTo("refine")))
                .body("$", not(hasKey("refinement")));
    }

    @Test
    void savingAsANamedPlaylistKeepsTheNameAsTypedAndReadsNoGenreFromIt() {
        interpret(Map.of("text", "save that as Rainy Folk", "context", List.of(PREVIOUS_REQUEST, PREVIOUS_ANSWER)))
                .statusCode(200)
                .body("intent", equalTo("create_playlist"))
                .body("playlistName", equalTo("Rainy Folk"))
                .body("entities.genres", empty());
    }

    @Test
    void blankTextIsAProblem() {
        interpret(Map.of("text", "  "))
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("text"));
    }

    @Test
    void contextTurnWithAnUnknownRoleIsAProblem() {
        interpret(Map.of("text", "calmer", "context", List.of(Map.of("role", "system", "text", "x"))))
                .statusCode(400)
                .body("detail", containsString("context[0]"));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().contentType(ContentType.JSON).body(Map.of("text", "hi")).when().post(INTERPRET).then().statusCode(401);
    }
}
