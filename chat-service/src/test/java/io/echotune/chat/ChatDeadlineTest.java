package io.echotune.chat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat's deadlines are milliseconds, as their keys in application.properties say (a key overrides the
 * annotation's value but keeps its unit: with a unit of seconds, 10000 meant almost three hours and a hanging
 * router held a turn for as long as the router took). Shortened here: the interpret deadline is 1.5 s, and the
 * router is told 7/10 of it.
 */
@QuarkusTest
@TestProfile(ChatDeadlineTest.ShortDeadlines.class)
class ChatDeadlineTest {

    private static final String SESSIONS = "/api/v1/chat/sessions";

    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("io.echotune.chat.service.LanguageService/interpret/Timeout/value", "1500");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DownstreamStubs.class));
        }
    }

    @BeforeEach
    void aRouterThatHangs() {
        DownstreamStubs.server().resetAll();
        DownstreamStubs.server().stubFor(post(urlEqualTo("/api/v1/llm/interpret"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(8_000)
                        .withHeader("Content-Type", "application/json").withBody("{}")));
        Stubs.composesOffline("unused");
    }

    @Test
    void aHangingRouterIsCutAtTheDeadlineAndTheTurnIsAnswered() {
        String user = "user-" + UUID.randomUUID();
        String session = given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of())
                .when().post(SESSIONS).then().statusCode(201).extract().path("sessionId");

        long started = System.nanoTime();
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("text", "upbeat indie folk for a rainy afternoon"))
                .when().post(SESSIONS + "/" + session + "/messages")
                .then().statusCode(200)
                .body("reply", containsString("can't read messages right now"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 5_000, "cut at the 1.5 s deadline (a retry included), not after the router's 8 s: "
                + tookMs + " ms");
        // the router was told how long it may take: 7/10 of the chat's 1.5 s
        DownstreamStubs.server().verify(postRequestedFor(urlEqualTo("/api/v1/llm/interpret"))
                .withHeader("X-Echotune-Deadline-Ms", equalTo("1050")));
    }
}
