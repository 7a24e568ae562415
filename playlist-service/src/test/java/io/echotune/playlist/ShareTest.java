package io.echotune.playlist;

import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.echotune.playlist.PlaylistResourceTest.bearer;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class ShareTest {

    private static final List<String> TRACKS = List.of(TestCatalog.HOSTILE_TRACK, TestCatalog.id(10));

    private static String createDefaultPlaylist(String owner) {
        return given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("name", "<b>Mine</b>", "trackIds", TRACKS))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
    }

    private static JsonPath share(String owner, String id) {
        return given().header("Authorization", bearer(owner)).when().post("/api/v1/playlists/" + id + "/share")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shareCodeIsUnguessableBase64UrlAndItsUrlIsThePublicPage() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        JsonPath shared = share(owner, id);

        String code = shared.getString("code");
        assertTrue(code.matches("[A-Za-z0-9_-]+"), "base64url");
        assertTrue(Base64.getUrlDecoder().decode(code).length * 8 >= 128, "at least 128 bits");
        assertTrue(shared.getString("url").endsWith("/shared/" + code));
        assertEquals(code, share(owner, id).getString("code"), "sharing again returns the live code");
    }

    @Test
    void theOwnersViewCarriesTheLiveShareCodeUntilItIsRevoked() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id)
                .then().statusCode(200).body("shareCode", equalTo(null));

        String code = share(owner, id).getString("code");
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id)
                .then().statusCode(200).body("shareCode", equalTo(code));

        given().header("Authorization", bearer(owner)).when().delete("/api/v1/playlists/" + id + "/share")
                .then().statusCode(204);
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id)
                .then().statusCode(200).body("shareCode", equalTo(null));
    }

    @Test
    void sharedJsonIsReadableWithoutCredentialsAndHoldsNothingAboutTheOwner() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        String code = share(owner, id).getString("code");

        String body = given().when().get("/api/v1/shared/" + code)
                .then().statusCode(200)
                .body("name", equalTo("<b>Mine</b>"))
                .body("tracks[1].spotifyUrl", equalTo("https://open.spotify.com/track/" + TestCatalog.id(10)))
                .extract().asString();
        assertFalse(body.contains(owner), "no user id");
        assertFalse(body.contains(id), "no internal playlist id");
    }

    @Test
    void sharedPageEscapesEveryTextAndSendsAStrictCsp() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        String code = share(owner, id).getString("code");

        Response page = given().when().get("/shared/" + code).then().statusCode(200).extract().response();

        assertTrue(page.contentType().startsWith("text/html"));
        String html = page.asString();
        assertFalse(html.contains("<script>"), "a track named <script> is text, not markup");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("&lt;b&gt;Mine&lt;/b&gt;"));
        assertTrue(html.contains("Smith, &quot;Jr&quot; &amp; Co"));
        assertTrue(html.contains("href=\"https://open.spotify.com/track/" + TestCatalog.HOSTILE_TRACK + "\""));
        assertFalse(html.contains(owner));
        String csp = page.header("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("script-src"), "no script may run: " + csp);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
    }

    @Test
    void revokingStopsTheCodeAtOnce() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        String code = share(owner, id).getString("code");

        given().header("Authorization", bearer(owner)).when().delete("/api/v1/playlists/" + id + "/share")
                .then().statusCode(204);

        given().when().get("/api/v1/shared/" + code).then().statusCode(404);
        given().when().get("/shared/" + code).then().statusCode(404);
        assertFalse(code.equals(share(owner, id).getString("code")), "sharing again makes a new code");
    }

    @Test
    void unknownOrMalformedCodesAreNotFound() {
        given().when().get("/api/v1/shared/" + "A".repeat(43)).then().statusCode(404);
        given().when().get("/api/v1/shared/short").then().statusCode(404);
    }

    @Test
    void theSharedPageFollowsTheCurrentVersion() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        String code = share(owner, id).getString("code");
        given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("prompt", "swap the first one")).when().post("/api/v1/playlists/" + id + "/refine")
                .then().statusCode(200);

        given().when().get("/api/v1/shared/" + code).then().statusCode(200)
                .body("version", equalTo(2))
                .body("tracks[1].trackId", equalTo(TestCatalog.id(10)));
    }
}
