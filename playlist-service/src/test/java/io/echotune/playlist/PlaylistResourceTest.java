package io.echotune.playlist;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class PlaylistResourceTest {

    private static final String TRACK_A = "4uLU6hMCjMI75M1A2tKUQC";
    private static final String TRACK_B = "7GhIk7Il098yCjg4BQjzvb";

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static String createDefaultPlaylist(String user) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("name", "Rainy Folk", "trackIds", List.of(TRACK_A, "spotify:track:" + TRACK_B, TRACK_A)))
                .when().post("/api/v1/playlists")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("name", equalTo("Rainy Folk"))
                .body("version", equalTo(1))
                .body("tracks.trackId", contains(TRACK_A, TRACK_B))
                .body("tracks.uri", contains("spotify:track:" + TRACK_A, "spotify:track:" + TRACK_B))
                .extract().path("playlistId");
    }

    @Test
    void createdPlaylistIsReadBackByItsOwner() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        given().header("Authorization", bearer(owner))
                .when().get("/api/v1/playlists/" + id)
                .then().statusCode(200)
                .body("playlistId", equalTo(id))
                .body("tracks", hasSize(2));
        given().header("Authorization", bearer(owner))
                .when().get("/api/v1/playlists")
                .then().statusCode(200)
                .body("playlistId", contains(id))
                .body("[0].trackCount", equalTo(2));
        given().header("Authorization", bearer(owner))
                .when().get("/api/v1/playlists/" + id + "/versions")
                .then().statusCode(200)
                .body("version", contains(1));
    }

    @Test
    void anotherUsersPlaylistIsNotFound() {
        String id = createDefaultPlaylist(newUser());
        String stranger = newUser();

        given().header("Authorization", bearer(stranger))
                .when().get("/api/v1/playlists/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:not-found"));
        given().header("Authorization", bearer(stranger))
                .when().delete("/api/v1/playlists/" + id)
                .then().statusCode(404);
        given().header("Authorization", bearer(stranger))
                .when().get("/api/v1/playlists")
                .then().statusCode(200)
                .body("", hasSize(0));
    }

    @Test
    void deletedPlaylistIsGone() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        given().header("Authorization", bearer(owner)).when().delete("/api/v1/playlists/" + id)
                .then().statusCode(204);
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id)
                .then().statusCode(404);
    }

    @Test
    void invalidTrackIdIsRejectedWithTheFieldNamed() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("trackIds", List.of(TRACK_A, "not a track")))
                .when().post("/api/v1/playlists")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("trackIds[1]"));
    }

    @Test
    void playlistWithoutTracksIsRejected() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("name", "Empty"))
                .when().post("/api/v1/playlists")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("trackIds"));
    }

    @Test
    void malformedJsonIsAProblemNotAStackTrace() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body("{\"trackIds\": [")
                .when().post("/api/v1/playlists")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:malformed-body"));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().when().get("/api/v1/playlists").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").when().get("/api/v1/playlists").then().statusCode(401);
    }
}
