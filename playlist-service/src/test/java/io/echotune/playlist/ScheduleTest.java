package io.echotune.playlist;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agroal.api.AgroalDataSource;
import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.playlist.PlaylistResourceTest.bearer;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class ScheduleTest {

    @Inject
    AgroalDataSource database;

    private static String createDefaultPlaylist(String owner, String track) {
        return given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("name", "Weekly", "trackIds", List.of(track)))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
    }

    @Test
    void scheduleIsSetReportedAndStopped() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner, TestCatalog.id(50));

        String next = given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("every", "weekly")).when().put("/api/v1/playlists/" + id + "/schedule")
                .then().statusCode(200).body("every", equalTo("weekly")).extract().path("nextRunAt");
        Duration ahead = Duration.between(Instant.now(), Instant.parse(next));
        assertTrue(ahead.compareTo(Duration.ofDays(7).minusMinutes(1)) > 0 && ahead.compareTo(Duration.ofDays(7)) <= 0, next);
        // the playlist itself reports its schedule (the web app's refresh menu reads it)
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id).then().statusCode(200)
                .body("schedule.every", equalTo("weekly"))
                .body("schedule.nextRunAt", equalTo(next));

        given().header("Authorization", bearer(owner)).when().delete("/api/v1/playlists/" + id + "/schedule")
                .then().statusCode(204);
        assertEquals(null, nextRunAt(id));
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id).then().statusCode(200)
                .body("schedule", equalTo(null));
    }

    @Test
    void badPeriodIsA400NamingEveryAndStrangersGet404() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner, TestCatalog.id(51));
        given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("every", "hourly")).when().put("/api/v1/playlists/" + id + "/schedule")
                .then().statusCode(400).body("errors[0].field", equalTo("every"));
        given().header("Authorization", bearer(newUser())).contentType(ContentType.JSON)
                .body(Map.of("every", "daily")).when().put("/api/v1/playlists/" + id + "/schedule")
                .then().statusCode(404);
        given().header("Authorization", bearer(newUser())).when().delete("/api/v1/playlists/" + id + "/schedule")
                .then().statusCode(404);
    }

    @Test
    void aDueScheduleRunsOnceAndMakesANewVersionWithFreshCatalogFacts() throws Exception {
        String owner = newUser();
        String track = TestCatalog.id(TestCatalog.SIZE - 2);
        String id = createDefaultPlaylist(owner, track);
        given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("every", "daily")).when().put("/api/v1/playlists/" + id + "/schedule")
                .then().statusCode(200);
        try (MongoClient mongo = MongoClients.create(System.getenv("ECHOTUNE_MONGODB_URI"))) {
            var tracks = mongo.getDatabase(TestCatalog.DATABASE).getCollection("tracks");
            tracks.updateOne(Filters.eq("_id", track), Updates.set("album", "Remastered"));
            try {
                execute("update playlist.playlists set next_run_at = now() - interval '1 minute' where id = ?", id);
                Instant deadline = Instant.now().plusSeconds(20);
                while (versionCount(owner, id) < 2 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                }
                Thread.sleep(2_500); // several more polls: a claimed run must not repeat
                assertEquals(2, versionCount(owner, id));
                given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id)
                        .then().statusCode(200).body("tracks[0].album", equalTo("Remastered"));
                Duration ahead = Duration.between(Instant.now(), nextRunAt(id));
                assertTrue(ahead.compareTo(Duration.ofHours(23)) > 0, "the next run is a day away: " + ahead);
            } finally {
                tracks.updateOne(Filters.eq("_id", track), Updates.set("album", TestCatalog.album(TestCatalog.SIZE - 2)));
            }
        }
    }

    private static int versionCount(String owner, String id) {
        return given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id + "/versions")
                .then().statusCode(200).extract().jsonPath().getList("version").size();
    }

    private void execute(String sql, String id) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, UUID.fromString(id));
            assertEquals(1, q.executeUpdate());
        }
    }

    private Instant nextRunAt(String id) {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("select next_run_at from playlist.playlists where id = ?")) {
            q.setObject(1, UUID.fromString(id));
            try (ResultSet row = q.executeQuery()) {
                row.next();
                var at = row.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
