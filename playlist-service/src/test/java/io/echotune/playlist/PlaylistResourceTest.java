package io.echotune.playlist;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.RecommenderStub;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class PlaylistResourceTest {

    static final String TRACK_A = TestCatalog.id(10);
    static final String TRACK_B = TestCatalog.id(11);

    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    static String bearer(String user) {
        return "Bearer " + forUser(user);
    }

    static String createDefaultPlaylist(String user) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("name", "Rainy Folk", "trackIds", List.of(TRACK_A, "spotify:track:" + TRACK_B, TRACK_A)))
                .when().post("/api/v1/playlists")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("name", org.hamcrest.Matchers.equalTo("Rainy Folk"))
                .body("version", org.hamcrest.Matchers.equalTo(1))
                .body("tracks.trackId", contains(TRACK_A, TRACK_B))
                .body("tracks.uri", contains("spotify:track:" + TRACK_A, "spotify:track:" + TRACK_B))
                .extract().path("playlistId");
    }

    static JsonPath createFromPrompt(String user, String prompt, Integer count) {
        Map<String, Object> body = count == null ? Map.of("prompt", prompt) : Map.of("prompt", prompt, "count", count);
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/playlists")
                .then().statusCode(201).extract().jsonPath();
    }

    @Test
    void trackIdsAloneMakeAPlaylistWithCatalogSnapshots() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        given().header("Authorization", bearer(owner))
                .when().get("/api/v1/playlists/" + id)
                .then().statusCode(200)
                .body("playlistId", org.hamcrest.Matchers.equalTo(id))
                .body("tracks.name", contains("Track 10", "Track 11"))
                .body("tracks[0].artists", contains("Artist 0", "Guest 3"))
                .body("tracks[0].album", org.hamcrest.Matchers.equalTo("Album 1"))
                .body("tracks[0].durationMs", org.hamcrest.Matchers.equalTo(190_000))
                .body("tracks[0].features.energy", org.hamcrest.Matchers.notNullValue());
        given().header("Authorization", bearer(owner))
                .when().get("/api/v1/playlists")
                .then().statusCode(200)
                .body("playlistId", contains(id))
                .body("[0].trackCount", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void promptPlaylistHoldsExactlyCountDistinctRecommendedTracksWithExplanations() {
        String owner = newUser();
        JsonPath created = createFromPrompt(owner, "upbeat songs for a run", 37);

        List<String> ids = created.getList("tracks.trackId");
        assertEquals(37, ids.size());
        assertEquals(37, new HashSet<>(ids).size());
        assertEquals(TestCatalog.id(TestCatalog.SIZE), ids.get(0), "the recommender's rank order is kept");
        assertEquals("upbeat songs for a run", created.getString("name"), "the name is derived from the prompt");
        assertEquals("upbeat songs for a run", created.getString("prompt"));
        assertEquals(TestCatalog.durationMs(TestCatalog.SIZE).intValue(), created.getInt("tracks[0].durationMs"),
                "the duration comes from the catalog");
        assertEquals("Energy 1.0 matches the request", created.getString("tracks[0].explanation"));
    }

    @Test
    void promptWithoutCountAsksForTwentyAndForwardsTheCallersToken() {
        String owner = newUser();
        String token = forUser(owner);
        List<String> ids = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("prompt", "quiet evening " + owner))
                .when().post("/api/v1/playlists")
                .then().statusCode(201).extract().jsonPath().getList("tracks.trackId");

        assertEquals(20, ids.size());
        PlaylistTestEnvironment.recommender().verify(postRequestedFor(urlEqualTo(RecommenderStub.PATH))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo("quiet evening " + owner)))
                .withRequestBody(matchingJsonPath("$.count", equalTo("20"))));
    }

    @Test
    void snapshotsReadTheSameAfterTheCatalogChanges() {
        String owner = newUser();
        String track = TestCatalog.id(TestCatalog.SIZE - 1);
        String id = given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("trackIds", List.of(track)))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
        try (MongoClient mongo = MongoClients.create(System.getenv("ECHOTUNE_MONGODB_URI"))) {
            var tracks = mongo.getDatabase(TestCatalog.DATABASE).getCollection("tracks");
            tracks.updateOne(Filters.eq("_id", track), Updates.set("name", "Renamed in the catalog"));
            try {
                given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id)
                        .then().statusCode(200)
                        .body("tracks[0].name", org.hamcrest.Matchers.equalTo(TestCatalog.name(TestCatalog.SIZE - 1)));
            } finally {
                tracks.updateOne(Filters.eq("_id", track), Updates.set("name", TestCatalog.name(TestCatalog.SIZE - 1)));
            }
        }
    }

    @Test
    void unknownTrackIdsAreA400NamingThem() {
        String unknownA = "0000000000000000000001";
        String unknownB = "0000000000000000000002";
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("trackIds", List.of(TRACK_A, unknownA, unknownB)))
                .when().post("/api/v1/playlists")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("trackIds"))
                .body("errors[0].message", containsString(unknownA))
                .body("errors[0].message", containsString(unknownB));
    }

    @Test
    void tracksTheListenerPlayedOutsideTheCatalogAreKeptAsTheirPlaysNameThem() {
        String user = newUser();
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("name", "Mine", "trackIds", List.of(TRACK_A, RecommenderStub.PLAYED_BY_NAME,
                        "spotify:track:" + RecommenderStub.PLAYED_WITH_ID)))
                .when().post("/api/v1/playlists")
                .then().statusCode(201)
                .body("tracks.trackId", org.hamcrest.Matchers.contains(TRACK_A, RecommenderStub.PLAYED_BY_NAME,
                        RecommenderStub.PLAYED_WITH_ID))
                .body("tracks[1].name", org.hamcrest.Matchers.equalTo("Pink Moon"))
                .body("tracks[1].artists", org.hamcrest.Matchers.contains("Nick Drake"))
                .body("tracks[1].uri", org.hamcrest.Matchers.nullValue())
                .body("tracks[2].uri", org.hamcrest.Matchers.equalTo("spotify:track:" + RecommenderStub.PLAYED_WITH_ID))
                .body("tracks[2].album", org.hamcrest.Matchers.equalTo("Five Leaves Left"));
        PlaylistTestEnvironment.recommender().verify(postRequestedFor(urlEqualTo(RecommenderStub.PLAYED_PATH))
                .withRequestBody(containing(RecommenderStub.PLAYED_BY_NAME)));
    }

    @Test
    void aNameKeyThatIsNotInItsNormalFormIsA400() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("trackIds", List.of("name:Nick Drake|Pink Moon")))
                .when().post("/api/v1/playlists")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("trackIds[0]"));
    }

    @Test
    void anotherUsersPlaylistIsNotFound() {
        String id = createDefaultPlaylist(newUser());
        String stranger = newUser();

        given().header("Authorization", bearer(stranger))
                .when().get("/api/v1/playlists/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("urn:echotune:problem:not-found"));
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
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("trackIds[1]"));
    }

    @Test
    void neitherPromptNorTrackIdsIsRejectedNamingBoth() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("name", "Empty", "prompt", "   "))
                .when().post("/api/v1/playlists")
                .then().statusCode(400)
                .body("errors.field", contains("prompt", "trackIds"));
    }

    @Test
    void countOutsideOneToHundredIsRejectedNamingCount() {
        for (int count : new int[] {0, 1000, -3}) {
            given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                    .body(Map.of("prompt", "anything", "count", count))
                    .when().post("/api/v1/playlists")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("count"));
        }
    }

    @Test
    void recommenderDownIsA503WithRetryAfter() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("prompt", "songs " + RecommenderStub.DOWN))
                .when().post("/api/v1/playlists")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void malformedJsonIsAProblemNotAStackTrace() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body("{\"trackIds\": [")
                .when().post("/api/v1/playlists")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("urn:echotune:problem:malformed-body"));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().when().get("/api/v1/playlists").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").when().get("/api/v1/playlists").then().statusCode(401);
    }

    @Test
    void chatOrchestratorsNameAndTrackIdsStillWork() {
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("name", "From chat", "trackIds", List.of(TRACK_B, TRACK_A)))
                .when().post("/api/v1/playlists")
                .then().statusCode(201)
                .body("tracks.trackId", contains(TRACK_B, TRACK_A))
                .body("tracks.position", hasItems(1, 2));
    }
}
