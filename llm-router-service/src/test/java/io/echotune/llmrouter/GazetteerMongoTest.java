package io.echotune.llmrouter;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.echotune.llmrouter.service.GazetteerStore;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Catalog names come from the real MongoDB collection echotune.tracks (this test's documents are unique and removed). */
@QuarkusTest
class GazetteerMongoTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    GazetteerStore gazetteer;

    private final List<String> inserted = new ArrayList<>();
    private final String suffix = uniqueWord();

    private ReactiveMongoCollection<Document> tracks() {
        return mongo.getDatabase("echotune").getCollection("tracks");
    }

    /** A made-up word no catalog and no dictionary holds, so that matches can only come from this test's documents. */
    private static String uniqueWord() {
        Random random = new Random(UUID.randomUUID().getMostSignificantBits());
        StringBuilder word = new StringBuilder("Zq");
        for (int i = 0; i < 6; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private void insertTrack(String name, List<String> artists, List<String> genres) {
        String id = "test-" + UUID.randomUUID();
        tracks().insertOne(new Document("_id", id).append("name", name).append("artists", artists)
                .append("album", "Album " + suffix).append("genres", genres)
                .append("features", new Document("energy", 0.4).append("valence", 0.5))).await().atMost(WAIT);
        inserted.add(id);
    }

    @AfterEach
    void removeTestTracks() {
        if (!inserted.isEmpty()) {
            tracks().deleteMany(Filters.in("_id", inserted)).await().atMost(WAIT);
        }
    }

    @Test
    void artistsTracksAndGenresOfTheCatalogAreRecognised() {
        String artist = "Velmora " + suffix;
        String track = "Glass Harbour " + suffix;
        String genre = suffix.toLowerCase() + "-gaze";
        insertTrack(track, List.of(artist), List.of(genre));
        insertTrack("Other Song " + suffix, List.of(artist, "Guest " + suffix), List.of(genre));
        gazetteer.reload().await().atMost(WAIT);

        given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("text", "play something by " + artist.toLowerCase() + " with some " + suffix.toLowerCase() + " gaze"))
                .when().post("/api/v1/llm/interpret").then().statusCode(200)
                .body("entities.artists", contains(artist))
                .body("entities.genres", hasItem(genre));

        given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("text", "more songs like " + track + " please"))
                .when().post("/api/v1/llm/interpret").then().statusCode(200)
                .body("entities.tracks", contains(track));
    }

    @Test
    void aNewCatalogVersionReloadsTheGazetteerAtOnceAndTheSameVersionDoesNot() {
        gazetteer.refreshIfStale().await().atMost(WAIT);
        String artist = "Orlanth " + suffix;
        insertTrack("Stone Weather " + suffix, List.of(artist), List.of("folk"));
        // What the catalog loader does when a load finishes.
        mongo.getDatabase("echotune").getCollection("catalog_meta")
                .updateOne(Filters.eq("_id", "catalog"), Updates.inc("version", 1L), new UpdateOptions().upsert(true))
                .await().atMost(WAIT);

        assertNotNull(gazetteer.refreshIfStale().await().atMost(WAIT), "a new version reloads");
        assertNull(gazetteer.refreshIfStale().await().atMost(WAIT), "the same version does not");
        given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("text", "play something by " + artist.toLowerCase()))
                .when().post("/api/v1/llm/interpret").then().statusCode(200)
                .body("entities.artists", contains(artist));
    }
}
