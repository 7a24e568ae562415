package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(EchoBackend.class)
class PreferencesTest {

    @Test
    void aNewUserHasTheDefaults() {
        given().header("Authorization", Users.createDefaultUser().bearer()).when().get("/api/v1/me/preferences")
                .then().statusCode(200)
                .body("llmProvider", nullValue())
                .body("novelty", equalTo("balanced"))
                .body("explicitContent", equalTo(true));
    }

    @Test
    void changedPreferencesAreReadBack() {
        Users.SignedUp user = Users.createDefaultUser();
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("llmProvider", "openrouter", "novelty", "discover", "explicitContent", false))
                .when().put("/api/v1/me/preferences")
                .then().statusCode(200).body("novelty", equalTo("discover"));
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/preferences")
                .then().statusCode(200)
                .body("llmProvider", equalTo("openrouter"))
                .body("novelty", equalTo("discover"))
                .body("explicitContent", equalTo(false));
    }

    @Test
    void invalidPreferencesAreRejectedNamingTheField() {
        Users.SignedUp user = Users.createDefaultUser();
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("novelty", "wild"))
                .when().put("/api/v1/me/preferences")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("novelty"));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("llmProvider", "Open AI!"))
                .when().put("/api/v1/me/preferences")
                .then().statusCode(400).body("errors[0].field", equalTo("llmProvider"));
    }

    @Test
    void servicesReceiveThePreferencesInTheIdentityToken() {
        Users.SignedUp user = Users.createDefaultUser();
        // A first call mints and caches a token with the defaults; the change must not be hidden by that cache.
        given().header("Authorization", user.bearer()).when().get("/api/v1/playlists").then().statusCode(201);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("llmProvider", "anthropic", "novelty", "familiar", "timeZone", "Europe/Berlin"))
                .when().put("/api/v1/me/preferences").then().statusCode(200);

        String authorization = given().header("Authorization", user.bearer()).when().get("/api/v1/playlists")
                .then().statusCode(201).extract().path("headers.authorization");
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        assertEquals("anthropic", claims.getString("prefs.llmProvider"));
        assertEquals("familiar", claims.getString("prefs.novelty"));
        assertEquals(true, claims.getBoolean("prefs.explicitContent"));
        assertEquals("Europe/Berlin", claims.getString("prefs.timeZone"));
    }

    @Test
    void theTimeZoneIsAnIanaZone() {
        Users.SignedUp user = Users.createDefaultUser();
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("timeZone", "America/New_York"))
                .when().put("/api/v1/me/preferences")
                .then().statusCode(200).body("timeZone", equalTo("America/New_York"));
        for (String bad : new String[]{"Mars/Olympus_Mons", "+02:00", "x".repeat(300)}) {
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("timeZone", bad))
                    .when().put("/api/v1/me/preferences")
                    .then().statusCode(400).body("errors[0].field", equalTo("timeZone"));
        }
    }
}
