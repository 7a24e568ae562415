package io.echotune.playlist;

import io.echotune.commons.testing.ErasureRequests;
import io.echotune.commons.testing.InternalTokens;
import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.echotune.playlist.PlaylistResourceTest.bearer;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playlist service's part of an erasure, through the real Kafka and PostgreSQL: {@code user.deleted} erases the
 * user's playlists with their versions, share codes and schedules (a shared link stops working) and nothing of anyone
 * else, is reported once erased, and a redelivered event changes nothing more. And the export of the same data.
 */
@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class UserDataErasureTest {

    private static final Duration REPORTED = Duration.ofSeconds(60);
    private static final List<String> TRACKS = List.of(TestCatalog.id(10), TestCatalog.id(11));

    @Inject
    Pool database;

    @Test
    void userDeletedErasesPlaylistsVersionsSharesAndSchedulesOfTheUserOnly() {
        String erased = newUser();
        String kept = newUser();
        Created erasedPlaylist = createDefaultPlaylistWithEverything(erased);
        Created keptPlaylist = createDefaultPlaylistWithEverything(kept);

        UUID erasureId = ErasureRequests.requestErasure(erased);
        ErasureRequests.awaitReport(erasureId, "playlist", REPORTED);

        assertEquals(0, count("SELECT count(*) FROM playlist.playlists WHERE user_id = $1", erased));
        assertEquals(0, count("SELECT count(*) FROM playlist.playlist_versions WHERE playlist_id = $1", erasedPlaylist.id()));
        assertEquals(0, count("SELECT count(*) FROM playlist.playlist_shares WHERE playlist_id = $1", erasedPlaylist.id()));
        given().when().get("/api/v1/shared/" + erasedPlaylist.shareCode()).then().statusCode(404);
        assertUntouched(kept, keptPlaylist);

        ErasureRequests.resend(erasureId, erased);
        long deadline = System.nanoTime() + REPORTED.toNanos();
        while (ErasureRequests.reports(erasureId, "playlist", Duration.ofSeconds(2)) < 2) {
            assertTrue(System.nanoTime() < deadline, "the redelivered user.deleted was never reported");
        }
        assertUntouched(kept, keptPlaylist);
    }

    @Test
    void theExportCarriesEveryVersionTheScheduleAndTheShareCode() {
        String user = newUser();
        Created playlist = createDefaultPlaylistWithEverything(user);
        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("account")))
                .when().get("/internal/v1/export/playlists.json")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].playlistId", equalTo(playlist.id().toString()))
                .body("[0].share.code", equalTo(playlist.shareCode()))
                .body("[0].schedule.every", equalTo("weekly"))
                .body("[0].versions", hasSize(1))
                .body("[0].versions[0].tracks", hasSize(2))
                .body("[0].versions[0].tracks[0].trackId", notNullValue());
        given().header("Authorization", "Bearer " + InternalTokens.forUser(user, Set.of("read")))
                .when().get("/internal/v1/export/playlists.json").then().statusCode(403);
    }

    private record Created(UUID id, String shareCode) {
    }

    private static Created createDefaultPlaylistWithEverything(String user) {
        String id = given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("name", "Mine", "trackIds", TRACKS))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
        String code = given().header("Authorization", bearer(user)).when().post("/api/v1/playlists/" + id + "/share")
                .then().statusCode(200).extract().path("code");
        given().header("Authorization", bearer(user)).contentType(ContentType.JSON).body(Map.of("every", "weekly"))
                .when().put("/api/v1/playlists/" + id + "/schedule").then().statusCode(200);
        return new Created(UUID.fromString(id), code);
    }

    private void assertUntouched(String user, Created playlist) {
        assertEquals(1, count("SELECT count(*) FROM playlist.playlists WHERE user_id = $1 AND schedule_every = 'weekly'", user));
        assertEquals(1, count("SELECT count(*) FROM playlist.playlist_versions WHERE playlist_id = $1", playlist.id()));
        given().when().get("/api/v1/shared/" + playlist.shareCode()).then().statusCode(200);
    }

    private long count(String sql, Object parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }
}
