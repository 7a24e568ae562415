package io.echotune.chat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.chat.Stubs.RECOMMEND_TEXT;
import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The recommender, playlist and insights services point at a closed port: every turn that needs them is still
 * answered (2xx, never 500), says what could not be done, and is stored as {@code degraded}.
 */
@QuarkusTest
@WithTestResource(value = DownstreamStubs.class,
        initArgs = @ResourceArg(name = "closed", value = "recommender,playlist,insights"))
class ChatDegradedTurnTest {

    private static final String SESSIONS = "/api/v1/chat/sessions";

    @BeforeEach
    void stubTheRouter() {
        DownstreamStubs.server().resetAll();
        Stubs.reads(RECOMMEND_TEXT, Map.of("intent", "recommend"));
        Stubs.reads("how many hours did I listen in 2019?", Map.of("intent", "insight",
                "entities", Map.of("era", Map.of("text", "2019", "from", "2019-01-01", "to", "2019-12-31"))));
        Stubs.composesOffline("Sorry, that didn't work.");
    }

    @Test
    void recommenderDownGivesAStoredDegradedReplyNotAnError() {
        String user = "user-" + UUID.randomUUID();
        String session = given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of())
                .when().post(SESSIONS).then().statusCode(201).extract().path("sessionId");

        given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of("text", RECOMMEND_TEXT))
                .when().post(SESSIONS + "/" + session + "/messages")
                .then().statusCode(200)
                .body("intent", equalTo("recommend"))
                .body("outcome", equalTo("degraded"))
                .body("tracks", nullValue());

        // what the composer was told: the recommender could not be reached
        DownstreamStubs.server().verify(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/llm/compose"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.facts.error",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("recommender is unavailable"))));
        given().header("Authorization", bearer(user)).when().get(SESSIONS + "/" + session + "/messages")
                .then().statusCode(200)
                .body("role", equalTo(List.of("user", "assistant")))
                .body("[1].outcome", equalTo("degraded"));
    }

    @Test
    void insightsDownGivesAStoredDegradedReply() {
        String user = "user-" + UUID.randomUUID();
        String session = given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of())
                .when().post(SESSIONS).then().statusCode(201).extract().path("sessionId");
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("text", "how many hours did I listen in 2019?"))
                .when().post(SESSIONS + "/" + session + "/messages")
                .then().statusCode(200)
                .body("intent", equalTo("insight"))
                .body("outcome", equalTo("degraded"))
                .body("insight", nullValue());
        DownstreamStubs.server().verify(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/llm/compose"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.facts.error",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("insights service is unavailable"))));
    }
}
