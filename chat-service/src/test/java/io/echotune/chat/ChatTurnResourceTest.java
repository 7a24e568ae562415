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
        Stubs.recommends(40);
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
    void noMoreArtistHoldsForTheRestOfTheConversation() {
        String user = newUser();
        String session = newSession(user, null);
        say(user, session, RECOMMEND_TEXT).statusCode(200).body("tracks.artists.flatten()", org.hamcrest.Matchers.hasItem("Drake"));

        say(user, session, "no more Drake").statusCode(200)
                .body("tracks", hasSize(20))
                .body("tracks.artists.flatten()", not(org.hamcrest.Matchers.hasItem("Drake")));
        say(user, session, "make it calmer").statusCode(200)
                .body("tracks.artists.flatten()", not(org.hamcrest.Matchers.hasItem("Drake")));
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
        assertEquals("req-40", sent.path("requestId").asText(), "the list it was shown in");

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
