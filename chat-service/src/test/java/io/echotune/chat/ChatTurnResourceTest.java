package io.echotune.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.echotune.chat.Stubs.RECOMMEND_TEXT;
import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat turns against the downstream services stubbed at the HTTP level (see {@link DownstreamStubs}). */
@QuarkusTest
@WithTestResource(DownstreamStubs.class)
class ChatTurnResourceTest {

    private static final String SESSIONS = "/api/v1/chat/sessions";
    private static final String OFFLINE_REPLY = "Here are 20 tracks for you, starting with \"Song 1\" by Artist 1.";

    @BeforeEach
    void stubTheFleet() {
        DownstreamStubs.server().resetAll();
        Stubs.reads(RECOMMEND_TEXT, Map.of("intent", "recommend",
                "entities", Map.of("genres", List.of("indie folk"), "moods", List.of("upbeat"), "timeOfDay", "afternoon")));
        Stubs.reads("make it calmer", Map.of("intent", "refine", "refinement", Map.of("adjust", Map.of("energy", -0.2))));
        Stubs.reads("no more Drake", Map.of("intent", "refine", "refinement", Map.of("excludeArtists", List.of("Drake"))));
        Stubs.reads("save that as Rainy Folk", Map.of("intent", "create_playlist", "playlistName", "Rainy Folk"));
        Stubs.recommends();
        Stubs.composesOffline(OFFLINE_REPLY);
    }

    private static String newSession(String user, String provider) {
        Map<String, Object> body = provider == null ? Map.of() : Map.of("provider", provider);
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(body)
                .when().post(SESSIONS).then().statusCode(201).extract().path("sessionId");
    }

    private static ValidatableResponse say(String user, String session, String text) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post(SESSIONS + "/" + session + "/messages").then();
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    @Test
    void recommendationIsAnsweredWithTheCountAskedForAndStoredWithItsMetadata() {
        Stubs.reads("ten calm songs", Map.of("intent", "recommend", "count", 10));
        String user = newUser();
        String session = newSession(user, null);

        say(user, session, "ten calm songs").statusCode(200)
                .body("intent", equalTo("recommend"))
                .body("tracks", hasSize(10))
                .body("tracks.explanation", everyItem(notNullValue()))
                .body("reply", equalTo(OFFLINE_REPLY))
                .body("providerUsed", equalTo("local"))
                .body("outcome", equalTo("ok"))
                .body("latencyMs", greaterThanOrEqualTo(0))
                .body("fallbackAttempts", equalTo(0));

        given().header("Authorization", bearer(user)).when().get(SESSIONS + "/" + session + "/messages")
                .then().statusCode(200)
                .body("role", equalTo(List.of("user", "assistant")))
                .body("[0].text", equalTo("ten calm songs"))
                .body("[0].intent", equalTo("recommend"))
                .body("[1].tracks", hasSize(10))
                .body("[1].tracks[0].trackId", equalTo(Stubs.trackId(1)))
                .body("[1].promptVersion", equalTo("local/compose-templates.v1"))
                .body("[1].model", equalTo("echotune-local"));
    }

    @Test
    void calmerAsksForEnergyBelowTheMeanOfTheListShownAndKeepsThePrompt() throws Exception {
        String user = newUser();
        String session = newSession(user, null);
        List<Float> shown = say(user, session, RECOMMEND_TEXT).statusCode(200)
                .body("tracks", hasSize(20)).extract().path("tracks.features.energy");
        double shownMean = shown.stream().mapToDouble(Float::doubleValue).average().orElseThrow();

        say(user, session, "make it calmer").statusCode(200).body("intent", equalTo("refine"));

        List<LoggedRequest> asked = DownstreamStubs.server().findAll(postRequestedFor(urlEqualTo("/api/v1/recommendations")));
        JsonNode refined = Stubs.JSON.readTree(asked.get(asked.size() - 1).getBodyAsString());
        assertEquals(RECOMMEND_TEXT, refined.path("prompt").asText(), "the conversation's request is kept");
        assertTrue(refined.path("targets").path("energy").path("max").asDouble() < shownMean,
                "a hard energy bound below the shown mean " + shownMean + ": " + refined);
        assertTrue(refined.path("targets").path("energy").path("target").asDouble() < shownMean, refined.toString());
    }

    @Test
    void noMoreArtistHoldsForTheRestOfTheConversationAsARequestTheRecommenderKeeps() {
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, RECOMMEND_TEXT).statusCode(200).body("tracks.artists.flatten()", org.hamcrest.Matchers.hasItem("Drake"));

        say(user, session, "no more Drake").statusCode(200)
                .body("tracks", hasSize(20))
                .body("tracks.artists.flatten()", not(org.hamcrest.Matchers.hasItem("Drake")));
        say(user, session, "make it calmer").statusCode(200)
                .body("tracks.artists.flatten()", not(org.hamcrest.Matchers.hasItem("Drake")));
        say(user, session, RECOMMEND_TEXT).statusCode(200)
                .body("tracks.artists.flatten()", not(org.hamcrest.Matchers.hasItem("Drake")));

        List<JsonNode> asked = Stubs.recommendationRequests();
        assertEquals(4, asked.size());
        assertFalse(asked.get(0).has("excludeArtists"));
        for (JsonNode later : asked.subList(1, 4)) {
            assertEquals("[\"Drake\"]", later.path("excludeArtists").toString(), "every later request: " + later);
            assertEquals(20, later.path("count").asInt(), "exactly the count shown, no over-fetching: " + later);
        }
    }

    @Test
    void onlySongsFromTheNinetiesAsksForThoseReleaseYearsForTheRestOfTheRequest() {
        Stubs.reads("only songs from the 90s", Map.of("intent", "refine", "entities", Map.of("era",
                Map.of("text", "90s", "from", "1990-01-01", "to", "1999-12-31"))));
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, RECOMMEND_TEXT).statusCode(200);

        List<Integer> years = say(user, session, "only songs from the 90s").statusCode(200)
                .body("intent", equalTo("refine"))
                .body("tracks", hasSize(20))
                .body("reply", equalTo(OFFLINE_REPLY))
                .extract().path("tracks.releaseYear");
        assertTrue(years.stream().allMatch(y -> y >= 1990 && y <= 1999), years.toString());
        say(user, session, "make it calmer").statusCode(200);

        List<JsonNode> asked = Stubs.recommendationRequests();
        assertFalse(asked.get(0).has("era"));
        for (JsonNode later : asked.subList(1, 3)) {
            assertEquals(1990, later.path("era").path("from").asInt(), later.toString());
            assertEquals(1999, later.path("era").path("to").asInt(), later.toString());
            assertEquals(RECOMMEND_TEXT, later.path("prompt").asText(), "the request is refined, not replaced");
        }
    }

    @Test
    void whenTooFewTracksFitTheListIsShorterAndTheReplySaysWhy() {
        Stubs.reads("only songs from 1985", Map.of("intent", "refine", "entities", Map.of("era",
                Map.of("text", "1985", "from", "1985-01-01", "to", "1985-12-31"))));
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, RECOMMEND_TEXT).statusCode(200);

        say(user, session, "only songs from 1985").statusCode(200)
                .body("tracks", hasSize(4))
                .body("tracks.releaseYear", everyItem(equalTo(1985)))
                .body("reply", containsString("Only 4 tracks in the catalog fit everything asked so far (released 1985), "
                        + "so the list is shorter than 20."))
                .body("outcome", equalTo("ok"));
    }

    @Test
    void aSeasonIsNoReleaseEraAndTheReplySaysItWasNotApplied() {
        Stubs.reads("songs like last summer", Map.of("intent", "recommend", "entities", Map.of("era",
                Map.of("text", "last summer", "from", "2026-06-01", "to", "2026-08-31"))));
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, "songs like last summer").statusCode(200)
                .body("tracks", hasSize(20))
                .body("reply", containsString("I can only narrow a list by release year, so \"last summer\" was not applied."));
        assertFalse(Stubs.recommendationRequests().get(0).has("era"));
    }

    @Test
    void tenMoreLikeTheThirdOneAsksForTenSeededByItAndNothingShownBefore() {
        Stubs.reads("10 more like the third one", Map.of("intent", "refine", "count", 10,
                "refinement", Map.of("seedPosition", 3, "excludeShown", true)));
        Stubs.reads("5 more like the first one", Map.of("intent", "refine", "count", 5,
                "refinement", Map.of("seedPosition", 1, "excludeShown", true)));
        String user = newUser();
        String session = newSession(user, null);
        List<String> first = say(user, session, RECOMMEND_TEXT).statusCode(200).extract().path("tracks.trackId");

        List<String> more = say(user, session, "10 more like the third one").statusCode(200)
                .body("intent", equalTo("refine"))
                .body("tracks", hasSize(10))
                .extract().path("tracks.trackId");
        assertTrue(more.stream().noneMatch(first::contains), "nothing shown before: " + more);
        List<String> five = say(user, session, "5 more like the first one").statusCode(200)
                .body("tracks", hasSize(5))
                .extract().path("tracks.trackId");
        assertTrue(five.stream().noneMatch(id -> first.contains(id) || more.contains(id)), five.toString());

        List<JsonNode> asked = Stubs.recommendationRequests();
        JsonNode tenMore = asked.get(1);
        assertEquals(10, tenMore.path("count").asInt());
        assertEquals("[\"" + first.get(2) + "\"]", tenMore.path("seedTracks").toString(), "the third track shown");
        List<String> leftOut = new ArrayList<>();
        tenMore.path("excludeTrackIds").forEach(id -> leftOut.add(id.asText()));
        assertEquals(first.size(), leftOut.size());
        assertTrue(leftOut.containsAll(first), leftOut.toString());
        JsonNode fiveMore = asked.get(2);
        assertEquals("[\"" + more.get(0) + "\"]", fiveMore.path("seedTracks").toString(), "the first of the ten");
        assertEquals(30, fiveMore.path("excludeTrackIds").size(), "all 30 shown so far");
    }

    @Test
    void aRefinementThatDoesNotAskForMoreMayKeepTracksThatStillFit() {
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, RECOMMEND_TEXT).statusCode(200);
        say(user, session, "make it calmer").statusCode(200);
        assertFalse(Stubs.recommendationRequests().get(1).has("excludeTrackIds"));
    }

    @Test
    void savingCreatesAPlaylistOfExactlyTheTracksShown() throws Exception {
        Stubs.stub("/api/v1/playlists", 201, Map.of("playlistId", "7d1f2b9e-8c1a-4f7e-9a55-3f0e2b1c4d5e",
                "name", "Rainy Folk", "version", 1, "prompt", "save that as Rainy Folk",
                "tracks", Stubs.tracks(20).stream().map(t -> Map.of("trackId", t.get("trackId"))).toList()));
        String user = newUser();
        String session = newSession(user, null);
        List<String> shown = say(user, session, RECOMMEND_TEXT).extract().path("tracks.trackId");

        say(user, session, "save that as Rainy Folk").statusCode(200)
                .body("intent", equalTo("create_playlist"))
                .body("playlist.name", equalTo("Rainy Folk"))
                .body("playlist.trackCount", equalTo(20))
                .body("playlist.version", equalTo(1));

        JsonNode sent = Stubs.JSON.readTree(DownstreamStubs.server()
                .findAll(postRequestedFor(urlEqualTo("/api/v1/playlists"))).get(0).getBodyAsString());
        List<String> saved = new ArrayList<>();
        sent.path("trackIds").forEach(id -> saved.add(id.asText()));
        assertEquals(shown, saved);
        assertEquals("Rainy Folk", sent.path("name").asText());
    }

    @Test
    void dislikingAShownTrackSendsFeedbackAndKeepsItOutOfTheNextList() throws Exception {
        Stubs.reads("the third one is not for me", Map.of("intent", "feedback"));
        Stubs.stub("/api/v1/recommendations/feedback", 202, Map.of("trackId", Stubs.trackId(3), "signal", "dislike"));
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, RECOMMEND_TEXT).statusCode(200);

        say(user, session, "the third one is not for me").statusCode(200)
                .body("intent", equalTo("feedback")).body("outcome", equalTo("ok"));
        JsonNode sent = Stubs.JSON.readTree(DownstreamStubs.server()
                .findAll(postRequestedFor(urlEqualTo("/api/v1/recommendations/feedback"))).get(0).getBodyAsString());
        assertEquals(Stubs.trackId(3), sent.path("trackId").asText());
        assertEquals("dislike", sent.path("signal").asText());
        assertEquals("req-20-20", sent.path("requestId").asText(), "the list it was shown in");

        say(user, session, "make it calmer").statusCode(200)
                .body("tracks.trackId", not(org.hamcrest.Matchers.hasItem(Stubs.trackId(3))));
    }

    @Test
    void playbackIsAnsweredHonestlyWithLinksToOpenTheShownTracks() {
        Stubs.reads("play the first one", Map.of("intent", "playback"));
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, RECOMMEND_TEXT).statusCode(200);

        say(user, session, "play the first one").statusCode(200)
                .body("intent", equalTo("playback"))
                .body("reply", containsString("can't start or control playback"))
                .body("reply", containsString("Premium"))
                .body("reply", containsString("https://open.spotify.com/track/" + Stubs.trackId(1)));
    }

    @Test
    void aRemoteReplyThatInventsAnArtistIsReplacedByTheOfflineComposer() {
        Stubs.composesRemotely("openai", "Here are 20 tracks, opening with \"Song 1\" by Artist 1, plus a deep cut by Taylor Swift.");
        String user = newUser();
        String session = newSession(user, "openai");

        say(user, session, RECOMMEND_TEXT).statusCode(200)
                .body("reply", equalTo(OFFLINE_REPLY))
                .body("reply", not(containsString("Taylor Swift")))
                .body("providerUsed", equalTo("local"))
                .body("fallbackAttempts", equalTo(1));
    }

    @Test
    void aRemoteReplyThatStatesOnlyTheFactsIsKept() {
        String grounded = "Opening your 20 picks: \"Song 1\" by Artist 1.";
        Stubs.composesRemotely("openai", grounded);
        String user = newUser();
        String session = newSession(user, "openai");

        say(user, session, RECOMMEND_TEXT).statusCode(200)
                .body("reply", equalTo(grounded))
                .body("providerUsed", equalTo("openai"))
                .body("tokens.input", equalTo(410));
    }

    @Test
    void streamedAnswerSendsNamedEventsInOrderAndEndsWithTheStoredMessage() throws Exception {
        String user = newUser();
        String session = newSession(user, null);
        String stream = given().header("Authorization", bearer(user)).accept("text/event-stream")
                .contentType(ContentType.JSON).body(Map.of("text", RECOMMEND_TEXT))
                .when().post(SESSIONS + "/" + session + "/messages")
                .then().statusCode(200).extract().asString();

        List<String> names = new ArrayList<>();
        Matcher event = Pattern.compile("(?m)^event: ?(\\S+)").matcher(stream);
        while (event.find()) {
            names.add(event.group(1));
        }
        assertEquals("interpretation", names.get(0), stream);
        assertEquals("tracks", names.get(1), stream);
        assertEquals("message", names.get(names.size() - 1), stream);
        assertTrue(names.subList(2, names.size() - 1).stream().allMatch("delta"::equals), names.toString());
        assertFalse(stream.contains("content-type:"), "only standard SSE fields: " + stream);

        List<JsonNode> data = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^data: ?(.*)$").matcher(stream);
        while (line.find()) {
            data.add(Stubs.JSON.readTree(line.group(1)));
        }
        StringBuilder deltas = new StringBuilder();
        data.subList(2, data.size() - 1).forEach(piece -> deltas.append(piece.path("text").asText()));
        JsonNode message = data.get(data.size() - 1);
        assertEquals(OFFLINE_REPLY, deltas.toString(), "the pieces in order make the reply");
        assertEquals(OFFLINE_REPLY, message.path("reply").asText());
        assertEquals(20, message.path("tracks").size());
        given().header("Authorization", bearer(user)).when().get(SESSIONS + "/" + session + "/messages")
                .then().body("role", equalTo(List.of("user", "assistant")));
    }

    @Test
    void messageLongerThanTheLimitIsRejectedNamingText() {
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, "a".repeat(2001)).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("text"));
    }

    @Test
    void anotherUsersSessionIsNotFoundWhenPosting() {
        String session = newSession(newUser(), null);
        say(newUser(), session, RECOMMEND_TEXT).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void messagesBeyondThePerMinuteLimitAre429WithRetryAfter() {
        Stubs.reads("hi", Map.of("intent", "smalltalk"));
        String user = newUser();
        String session = newSession(user, null);
        for (int i = 0; i < 20; i++) {
            say(user, session, "hi").statusCode(200);
        }
        say(user, session, "hi").statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
    }
}
