package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.gateway.Users.createDefaultUser;
import static io.restassured.RestAssured.given;
import static io.restassured.matcher.RestAssuredMatchers.detailedCookie;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
@WithTestResource(EchoBackend.class)
class AccountsTest {

    @Test
    void localSignUpReturnsATokenAndASessionCookie() {
        given().contentType(ContentType.JSON).body(Map.of("displayName", "  Ada  "))
                .when().post("/api/v1/auth/local")
                .then().statusCode(201)
                .body("token", startsWith("et_"))
                .body("displayName", equalTo("Ada"))
                .cookie("echotune_session", detailedCookie().httpOnly(true).sameSite("Lax"))
                // the CSRF cookie is for the web app's script to read (WebAppTest covers its use)
                .cookie("echotune_csrf", detailedCookie().httpOnly(false).sameSite("Strict"));
    }

    @Test
    void meAnswersForTheTokenAndForTheSessionCookie() {
        Users.SignedUp user = Users.signUp("Grace");
        given().header("Authorization", user.bearer()).when().get("/api/v1/me")
                .then().statusCode(200)
                .body("userId", equalTo(user.userId()))
                .body("displayName", equalTo("Grace"))
                .body("spotifyConnected", equalTo(false));
        assertNotNull(user.sessionCookie());
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me")
                .then().statusCode(200).body("userId", equalTo(user.userId()));
    }

    @Test
    void blankDisplayNameIsRejectedNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("displayName", " "))
                .when().post("/api/v1/auth/local")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("displayName"));
        given().contentType(ContentType.JSON).body("{\"displayName\":")
                .when().post("/api/v1/auth/local")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void callsWithoutValidCredentialsGet401Problems() {
        given().when().get("/api/v1/me")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:unauthorized"));
        given().header("Authorization", "Bearer et_forged").when().get("/api/v1/me").then().statusCode(401);
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get("/api/v1/me").then().statusCode(401);
        given().cookie("echotune_session", "not-a-session").when().get("/api/v1/me").then().statusCode(401);
        given().when().get("/api/v1/playlists").then().statusCode(401);
    }

    @Test
    void issuedTokenIsListedWithoutItsSecretAndWorksUntilRevoked() {
        Users.SignedUp user = createDefaultUser();
        String token = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "laptop", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens")
                .then().statusCode(201)
                .body("scopes", equalTo(List.of("read")))
                .extract().path("token");
        String tokenId = given().header("Authorization", user.bearer()).when().get("/api/v1/me/tokens")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[1].name", equalTo("laptop"))
                .body("toString()", not(containsString(token)))
                .extract().path("[1].tokenId");

        given().header("Authorization", "Bearer " + token).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/tokens")
                .then().statusCode(200).body("[1].lastUsedAt", notNullValue());
        given().header("Authorization", user.bearer()).when().delete("/api/v1/me/tokens/" + tokenId)
                .then().statusCode(204);
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void readOnlyTokenCannotWriteOrManageTokens() {
        Users.SignedUp user = createDefaultUser();
        String readOnly = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "dashboard", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");

        given().header("Authorization", "Bearer " + readOnly).contentType(ContentType.JSON)
                .body(Map.of("name", "escalate", "scopes", List.of("account")))
                .when().post("/api/v1/me/tokens")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + readOnly).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/playlists")
                .then().statusCode(403);
    }

    @Test
    void unknownScopeIsRejected() {
        given().header("Authorization", createDefaultUser().bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of("read", "admin")))
                .when().post("/api/v1/me/tokens")
                .then().statusCode(400).body("errors[0].field", equalTo("scopes[1]"));
    }

    @Test
    void anotherUsersTokenCannotBeRevoked() {
        Users.SignedUp owner = createDefaultUser();
        String tokenId = given().header("Authorization", owner.bearer()).when().get("/api/v1/me/tokens")
                .then().statusCode(200).extract().path("[0].tokenId");
        given().header("Authorization", createDefaultUser().bearer()).when().delete("/api/v1/me/tokens/" + tokenId)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", createDefaultUser().bearer()).when().delete("/api/v1/me/tokens/" + UUID.randomUUID())
                .then().statusCode(404);
        given().header("Authorization", owner.bearer()).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void logoutEndsTheSession() {
        Users.SignedUp user = createDefaultUser();
        given().cookie("echotune_session", user.sessionCookie()).when().post("/auth/logout")
                .then().statusCode(204).header("Set-Cookie", containsString("Max-Age=0"));
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me").then().statusCode(401);
        given().header("Authorization", user.bearer()).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void crossSiteWritesWithTheSessionCookieAreRefused() {
        Users.SignedUp user = createDefaultUser();
        given().cookie("echotune_session", user.sessionCookie()).header("Origin", "https://evil.example")
                .contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens")
                .then().statusCode(403);
    }
}
