package io.echotune.playlist;

import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.echotune.playlist.PlaylistResourceTest.bearer;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class VersionsTest {

    /** The stub recommender answers a prompt without keywords in catalog order: tracks 1..20. */
    private static final String PROMPT = "songs for focus";

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(TestCatalog::id).toList();
    }

    private static String createDefaultPlaylist(String owner) {
        JsonPath created = PlaylistResourceTest.createFromPrompt(owner, PROMPT, 20);
        assertEquals(ids(1, 20), created.getList("tracks.trackId"));
        return created.getString("playlistId");
    }

    private static JsonPath refine(String owner, String id, String prompt) {
        return given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt))
                .when().post("/api/v1/playlists/" + id + "/refine")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void moreUpbeatReplacesTracksThatNoLongerFitAndListsTheChange() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        JsonPath v2 = refine(owner, id, "more upbeat");

        assertEquals(2, v2.getInt("version"));
        List<String> expected = ids(381, 400).reversed();
        assertEquals(expected, v2.getList("tracks.trackId"));
        assertEquals(expected, v2.getList("added"));
        assertEquals(ids(1, 20), v2.getList("removed"));
    }

    @Test
    void noVocalsKeepsFittingTracksInPlaceAndReplacesTheRest() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        JsonPath v2 = refine(owner, id, "no vocals");

        List<String> tracks = v2.getList("tracks.trackId");
        assertEquals(20, tracks.size());
        for (int i = 1; i <= 20; i++) {
            if (TestCatalog.instrumental(i)) {
                assertEquals(TestCatalog.id(i), tracks.get(i - 1), "an instrumental track keeps position " + i);
            } else {
                assertEquals(true, TestCatalog.instrumental(TestCatalog.index(tracks.get(i - 1))),
                        "position " + i + " now holds an instrumental track");
            }
        }
        assertEquals(14, v2.getList("added").size());
        assertEquals(14, v2.getList("removed").size());
        assertEquals(List.of(TestCatalog.id(1), TestCatalog.id(2), TestCatalog.id(4)),
                v2.getList("removed").subList(0, 3));
    }

    @Test
    void swapTheLastFiveChangesOnlyTheLastFivePositions() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        JsonPath v2 = refine(owner, id, "swap the last five");

        List<String> expected = new ArrayList<>(ids(1, 15));
        expected.addAll(ids(21, 25));
        assertEquals(expected, v2.getList("tracks.trackId"));
        assertEquals(ids(21, 25), v2.getList("added"));
        assertEquals(ids(16, 20), v2.getList("removed"));
    }

    @Test
    void thirtySongsInsteadKeepsTheTwentyAndAddsTen() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        JsonPath v2 = refine(owner, id, "30 songs instead");

        assertEquals(ids(1, 30), v2.getList("tracks.trackId"));
        assertEquals(ids(21, 30), v2.getList("added"));
        assertEquals(List.of(), v2.getList("removed"));
    }

    @Test
    void versionsAreListedReadAndRestoredAsANewVersion() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        refine(owner, id, "more upbeat");

        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id + "/versions")
                .then().statusCode(200)
                .body("version", contains(1, 2))
                .body("prompt", contains(PROMPT, "more upbeat"))
                .body("trackCount", contains(20, 20));
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id + "/versions/1")
                .then().statusCode(200)
                .body("version", equalTo(1))
                .body("tracks.trackId", equalTo(ids(1, 20)));

        JsonPath v3 = given().header("Authorization", bearer(owner))
                .when().post("/api/v1/playlists/" + id + "/versions/1/restore")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(3, v3.getInt("version"));
        assertEquals(ids(1, 20), v3.getList("tracks.trackId"));
        assertEquals(ids(1, 20), v3.getList("added"));
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id)
                .then().statusCode(200)
                .body("version", equalTo(3))
                .body("tracks[1].name", equalTo("Track 2"));
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id + "/versions/9")
                .then().statusCode(404);
    }

    @Test
    void emptyRefinementOrAnImpossibleLengthIsRejectedNamingPrompt() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        for (String prompt : new String[] {"  ", "1000 songs instead", "0 tracks please"}) {
            given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                    .body(Map.of("prompt", prompt))
                    .when().post("/api/v1/playlists/" + id + "/refine")
                    .then().statusCode(400)
                    .body("errors[0].field", equalTo("prompt"));
        }
    }

    @Test
    void anotherUsersPlaylistIsNotFoundOnEveryPath() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        String stranger = bearer(newUser());
        String base = "/api/v1/playlists/" + id;

        given().header("Authorization", stranger).contentType(ContentType.JSON).body(Map.of("prompt", "more upbeat"))
                .when().post(base + "/refine").then().statusCode(404);
        given().header("Authorization", stranger).when().get(base + "/versions").then().statusCode(404);
        given().header("Authorization", stranger).when().get(base + "/versions/1").then().statusCode(404);
        given().header("Authorization", stranger).when().post(base + "/versions/1/restore").then().statusCode(404);
        given().header("Authorization", stranger).when().get(base + "/export?format=csv").then().statusCode(404);
        given().header("Authorization", stranger).when().post(base + "/share").then().statusCode(404);
        given().header("Authorization", stranger).when().delete(base + "/share").then().statusCode(404);
        given().header("Authorization", stranger).when().get(base).then().statusCode(404);
        // and the owner's playlist is untouched
        given().header("Authorization", bearer(owner)).when().get(base + "/versions")
                .then().statusCode(200).body("version", contains(1));
    }
}
