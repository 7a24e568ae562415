package io.echotune.gateway;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playlist product through the gateway of a running fleet ({@code -Dfleet.url}, as FleetIT): a playlist from a
 * prompt (gateway -> playlist -> recommender, the user's identity carried along), refined, versioned, exported and
 * shared publicly, and invisible to another user.
 */
class PlaylistFleetIT {

    private static String alice;
    private static String bob;

    @BeforeAll
    static void signUp() {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        RestAssured.baseURI = url;
        RestAssured.port = URI.create(url).getPort();
        alice = signUpLocal("Alice of playlists");
        bob = signUpLocal("Bob of playlists");
    }

    private static String signUpLocal(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("displayName", name))
                .when().post("/api/v1/auth/local").then().statusCode(201).extract().path("token");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A prompt playlist; while a new stack is still loading its catalog the recommender answers 503: wait for it. */
    private static JsonPath createFromPrompt(String prompt, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            Response r = as(alice).contentType(ContentType.JSON).body(Map.of("prompt", prompt, "count", count))
                    .when().post("/api/v1/playlists");
            if (r.statusCode() != 503 || Instant.now().isAfter(deadline)) {
                r.then().statusCode(201);
                return r.jsonPath();
            }
            Thread.sleep(2_000);
        }
    }

    @Test
    void aPromptPlaylistIsRefinedVersionedExportedAndSharedThroughTheGateway() throws Exception {
        JsonPath created = createFromPrompt("calm acoustic songs for a rainy afternoon", 12);
        String id = created.getString("playlistId");
        List<String> first = created.getList("tracks.trackId");
        assertEquals(12, first.size());
        assertEquals(12, first.stream().distinct().count());
        assertTrue(created.getString("tracks[0].name") != null, "tracks carry their snapshot");

        JsonPath refined = as(alice).contentType(ContentType.JSON).body(Map.of("prompt", "swap the last two"))
                .when().post("/api/v1/playlists/" + id + "/refine").then().statusCode(200).extract().jsonPath();
        assertEquals(2, refined.getInt("version"));
        assertEquals(first.subList(0, 10), refined.getList("tracks.trackId").subList(0, 10));
        assertEquals(first.subList(10, 12), refined.getList("removed"));

        as(alice).when().get("/api/v1/playlists/" + id + "/versions").then().statusCode(200)
                .body("version", equalTo(List.of(1, 2)));
        as(alice).when().post("/api/v1/playlists/" + id + "/versions/1/restore").then().statusCode(200)
                .body("version", equalTo(3)).body("tracks.trackId", equalTo(first));

        String csv = as(alice).when().get("/api/v1/playlists/" + id + "/export?format=csv").then().statusCode(200)
                .header("Content-Disposition", startsWith("attachment; filename=")).extract().asString();
        assertEquals(13, csv.split("\r\n").length, "a header and twelve records");

        JsonPath share = as(alice).when().post("/api/v1/playlists/" + id + "/share").then().statusCode(200)
                .extract().jsonPath();
        String code = share.getString("code");
        assertTrue(share.getString("url").startsWith(RestAssured.baseURI), share.getString("url"));
        given().when().get("/api/v1/shared/" + code).then().statusCode(200).body("version", equalTo(3));
        String page = given().when().get("/shared/" + code).then().statusCode(200)
                .header("Content-Security-Policy", startsWith("default-src 'none'")).extract().asString();
        assertTrue(page.contains("https://open.spotify.com/track/" + first.get(0)));

        as(bob).when().get("/api/v1/playlists/" + id).then().statusCode(404);
        as(bob).when().get("/api/v1/playlists/" + id + "/export?format=json").then().statusCode(404);

        as(alice).when().delete("/api/v1/playlists/" + id + "/share").then().statusCode(204);
        given().when().get("/api/v1/shared/" + code).then().statusCode(404);
        assertFalse(code.isBlank());
    }

    @Test
    void aScheduleIsSetWithTheOwnersDelegationReportedAndStopped() throws Exception {
        String id = createFromPrompt("upbeat indie folk", 5).getString("playlistId");
        // the playlist service asks the gateway for the owner's delegation over the internal call (service key)
        String next = as(alice).contentType(ContentType.JSON).body(Map.of("every", "daily"))
                .when().put("/api/v1/playlists/" + id + "/schedule").then().statusCode(200)
                .body("every", equalTo("daily")).extract().path("nextRunAt");
        as(alice).when().get("/api/v1/playlists/" + id).then().statusCode(200)
                .body("schedule.every", equalTo("daily")).body("schedule.nextRunAt", equalTo(next));
        as(bob).contentType(ContentType.JSON).body(Map.of("every", "daily"))
                .when().put("/api/v1/playlists/" + id + "/schedule").then().statusCode(404);
        as(alice).when().delete("/api/v1/playlists/" + id + "/schedule").then().statusCode(204);
        as(alice).when().get("/api/v1/playlists/" + id).then().statusCode(200).body("schedule", equalTo(null));
    }

    @Test
    void everyExportFormatAndEveryPathOfAnotherUsersPlaylist() throws Exception {
        String id = createFromPrompt("calm piano for reading", 4).getString("playlistId");
        for (String format : List.of("json", "csv", "m3u8", "xspf")) {
            as(alice).when().get("/api/v1/playlists/" + id + "/export?format=" + format).then().statusCode(200)
                    .header("Content-Disposition", startsWith("attachment; filename="));
        }
        String m3u = as(alice).when().get("/api/v1/playlists/" + id + "/export?format=m3u8").then().extract().asString();
        assertTrue(m3u.startsWith("#EXTM3U"), m3u);

        String path = "/api/v1/playlists/" + id;
        as(bob).when().get(path).then().statusCode(404);
        as(bob).when().delete(path).then().statusCode(404);
        as(bob).when().get(path + "/versions").then().statusCode(404);
        as(bob).when().get(path + "/versions/1").then().statusCode(404);
        as(bob).when().post(path + "/versions/1/restore").then().statusCode(404);
        as(bob).contentType(ContentType.JSON).body(Map.of("prompt", "more upbeat")).when().post(path + "/refine").then().statusCode(404);
        as(bob).when().post(path + "/share").then().statusCode(404);
        as(bob).when().delete(path + "/share").then().statusCode(404);
        as(bob).when().post(path + "/spotify").then().statusCode(404);
        as(bob).when().delete(path + "/schedule").then().statusCode(404);
        as(alice).when().get(path).then().statusCode(200);
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        String id = createFromPrompt("morning coffee jazz", 2).getString("playlistId");
        as(alice).contentType(ContentType.JSON).body(Map.of("prompt", "jazz", "count", 0))
                .when().post("/api/v1/playlists").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("count"));
        as(alice).contentType(ContentType.JSON).body(Map.of("prompt", "jazz", "count", 1000))
                .when().post("/api/v1/playlists").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("count"));
        as(alice).contentType(ContentType.JSON).body(Map.of("prompt", "  "))
                .when().post("/api/v1/playlists").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("prompt"));
        as(alice).when().get("/api/v1/playlists/" + id + "/export?format=mp3").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("format"));
    }
}
