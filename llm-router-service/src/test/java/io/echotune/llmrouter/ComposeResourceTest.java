package io.echotune.llmrouter;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies written offline from templates: only what the facts say, the same for the same input. */
@QuarkusTest
class ComposeResourceTest {

    private static final String COMPOSE = "/api/v1/llm/compose";
    private static final Map<String, Object> THREE_TRACKS = Map.of("tracks", List.of(
            Map.of("name", "Holocene", "artists", List.of("Bon Iver")),
            Map.of("name", "Pink Moon", "artists", List.of("Nick Drake")),
            Map.of("name", "Re: Stacks", "artists", List.of("Bon Iver"))));

    private static ValidatableResponse compose(Map<String, Object> body) {
        return given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(body).when().post(COMPOSE).then();
    }

    @Test
    void recommendationReplyNamesTracksFromTheFactsOnly() {
        String reply = compose(Map.of("intent", "recommend", "facts", THREE_TRACKS)).statusCode(200)
                .body("providerUsed", equalTo("local"))
                .body("promptVersion", startsWith("local/compose-templates"))
                .body("reply", containsString("\"Holocene\" by Bon Iver"))
                .extract().path("reply");
        Matcher numbers = Pattern.compile("\\d+").matcher(reply);
        while (numbers.find()) {
            assertEquals("3", numbers.group(), "the only number in the facts is the track count: " + reply);
        }
    }

    @Test
    void sameFactsGiveTheSameReplyAndDifferentFactsCanVary() {
        String first = compose(Map.of("intent", "recommend", "facts", THREE_TRACKS)).extract().path("reply");
        String again = compose(Map.of("intent", "recommend", "facts", THREE_TRACKS)).extract().path("reply");
        assertEquals(first, again);
        java.util.Set<String> openings = new java.util.HashSet<>();
        for (int i = 0; i < 12; i++) {
            String reply = compose(Map.of("intent", "recommend", "facts", Map.of("tracks",
                    List.of(Map.of("name", "Track " + (char) ('A' + i), "artists", List.of("Artist")))))).extract().path("reply");
            openings.add(reply.substring(0, 8));
        }
        assertTrue(openings.size() > 1, "templates vary across inputs: " + openings);
    }

    @Test
    void savedPlaylistReplyUsesItsNameAndSize() {
        compose(Map.of("intent", "create_playlist", "facts", Map.of("playlist", Map.of("name", "Rainy Folk", "trackCount", 20))))
                .statusCode(200)
                .body("reply", containsString("\"Rainy Folk\""))
                .body("reply", containsString("20"));
    }

    @Test
    void emptyResultIsSaidPlainly() {
        compose(Map.of("intent", "recommend", "facts", Map.of("tracks", List.of()))).statusCode(200)
                .body("reply", org.hamcrest.Matchers.anyOf(containsString("couldn't find"), containsString("Nothing")));
    }

    @Test
    void unknownIntentAndNonObjectFactsAreProblems() {
        compose(Map.of("intent", "dance", "facts", Map.of())).statusCode(400).body("detail", containsString("intent"));
        compose(Map.of("intent", "recommend", "facts", List.of(1, 2))).statusCode(400).body("detail", containsString("facts"));
    }
}
