package io.echotune.ingestion;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.echotune.commons.music.TrackNames;
import io.echotune.ingestion.catalog.CatalogLoad;
import io.echotune.ingestion.catalog.repository.CatalogLoadRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.echotune.ingestion.CatalogFixtures.asListener;
import static io.echotune.ingestion.CatalogFixtures.asOperator;
import static io.echotune.ingestion.CatalogFixtures.awaitLoad;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog loader through its admin endpoint, against the real stores: the shared catalog with exact counts,
 * an idempotent reload that keeps what providers added, uploads, bad files, and who may load.
 */
@QuarkusTest
class CatalogLoadTest {

    private static final String SAMPLE_ID = "6f807x0ima9a1j3VPbc7VN";   // TidyTuesday, Ed Sheeran

    @Inject
    CatalogLoadRepository loads;

    @Test
    void theSharedCatalogLoadsWithExactCountsAndLoadingItAgainWritesNothingAndKeepsWhatProvidersAdded() {
        long versionBefore = version();
        Map<String, Object> first = load();
        assertEquals("COMPLETED", first.get("status"), String.valueOf(first.get("failure")));
        assertEquals("directory", first.get("source"));
        assertEquals(CatalogFixtures.catalogDirectory().toAbsolutePath().normalize().toString(),
                java.nio.file.Path.of((String) first.get("directory")).toAbsolutePath().normalize().toString());
        assertEquals(64_149, number(first, "tracks"), "SOURCES.md: 64,149 distinct track ids");
        assertEquals(CatalogFixtures.catalogIds().size(), number(first, "tracks"));
        assertEquals(CatalogFixtures.catalogArtists().size(), number(first, "artists"));
        assertEquals(CatalogFixtures.catalogNameKeys().size(), number(first, "trackNames"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) first.get("files");
        assertEquals(5, files.size());
        for (Map<String, Object> f : files) {
            String name = (String) f.get("file");
            assertEquals(CatalogFixtures.csvRowCount(CatalogFixtures.catalogDirectory().resolve(name)), number(f, "rows"), name);
            assertEquals(number(f, "rows"), number(f, "accepted") + number(f, "rejected"), name);
        }
        assertEquals("tidytuesday", files.stream().filter(f -> f.get("file").equals("tidytuesday_spotify_songs.csv"))
                .findFirst().orElseThrow().get("layout"));
        long version = number(first, "catalogVersion");
        assertEquals(versionBefore + 1, version);

        try (MongoClient client = CatalogFixtures.mongo()) {
            MongoCollection<Document> tracks = CatalogFixtures.echotune(client).getCollection("tracks");
            assertEquals(64_149, countIds(tracks, new ArrayList<>(CatalogFixtures.catalogIds())), "every id is stored");
            Document sample = tracks.find(Filters.eq("_id", SAMPLE_ID)).first();
            assertNotNull(sample);
            assertEquals("I Don't Care (with Justin Bieber) - Loud Luxury Remix", sample.getString("name"));
            assertEquals(List.of("Ed Sheeran"), sample.getList("artists", String.class));
            assertEquals(0.916, sample.get("features", Document.class).getDouble("energy"));
            assertEquals(-2.634, sample.get("features", Document.class).getDouble("loudness"));
            assertTrue(sample.getList("genres", String.class).containsAll(List.of("pop", "dance pop", "uk pop")));
            assertTrue(sample.getList("playlists", String.class).contains("37i9dQZF1DXcZDD7cfEKhW"));
            assertTrue(sample.getList("sources", String.class).contains("tidytuesday"));
            assertEquals(2019, sample.getInteger("releaseYear"), "track_album_release_date 2019-06-14");
            assertNull(tracks.find(Filters.eq("_id", "5SuOikwiRyPMVoIQDJUgSV")).first().get("releaseYear"),
                    "a track only the 114k dataset holds has no release date");
            assertEquals(28_356, tracks.countDocuments(Filters.exists("releaseYear")),
                    "every TidyTuesday track (SOURCES.md: 28,356 unique ids), the only file with release dates");
            Document artist = CatalogFixtures.echotune(client).getCollection("artists")
                    .find(Filters.eq("_id", TrackNames.normalise("Ed Sheeran"))).first();
            assertTrue(artist.getList("genres", String.class).contains("uk pop"));
            Document name = CatalogFixtures.echotune(client).getCollection("track_names")
                    .find(Filters.eq("_id", TrackNames.nameKey("Ed Sheeran",
                            "I Don't Care (with Justin Bieber) - Loud Luxury Remix"))).first();
            assertEquals("catalog", name.getString("source"));
            assertTrue(CatalogFixtures.catalogIds().contains(name.getString("trackId")));

            Map<String, Object> meta = asOperator().when().get("/api/v1/admin/catalog")
                    .then().statusCode(200).extract().jsonPath().getMap("");
            assertEquals(version, number(meta, "version"));
            assertTrue(number(meta, "tracks") >= 64_149);
            assertNull(meta.get("runningLoadId"));

            // a provider added a source, a genre and a feature value the catalog does not have
            tracks.updateOne(Filters.eq("_id", SAMPLE_ID), Updates.combine(Updates.addToSet("sources", "reccobeats"),
                    Updates.addToSet("genres", "provider test genre"), Updates.set("features.extra", 0.5)));
            Document before = tracks.find(Filters.eq("_id", SAMPLE_ID)).first();
            try {
                Map<String, Object> again = load();
                assertEquals("COMPLETED", again.get("status"));
                assertEquals(0, number(again, "tracksWritten"), "nothing changed");
                assertEquals(0, number(again, "artistsWritten"));
                assertEquals(0, number(again, "trackNamesWritten"));
                assertEquals(version + 1, number(again, "catalogVersion"), "each completed load bumps the version");
                assertEquals(before, tracks.find(Filters.eq("_id", SAMPLE_ID)).first(), "what providers added stays");
            } finally {
                tracks.updateOne(Filters.eq("_id", SAMPLE_ID), Updates.combine(Updates.pull("sources", "reccobeats"),
                        Updates.pull("genres", "provider test genre"), Updates.unset("features.extra")));
            }
        }
    }

    @Test
    void uploadedCsvFilesLoadLikeADirectoryWithArtistGenresAppended() {
        String id = randomTrackId();
        String artist = "Catalog Upload Test " + UUID.randomUUID();
        byte[] tracks = ("""
                ,track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre
                0,%s,%s;Guest,Album,Song Title,40,200000,False,0.5,0.6,1,-7.5,1,0.05,0.2,0,0.1,0.7,120.5,4,indie
                1,not-a-track-id,Someone,Album,Other,40,200000,False,0.5,0.6,1,-7.5,1,0.05,0.2,0,0.1,0.7,120.5,4,indie
                """.formatted(id, artist)).getBytes(StandardCharsets.UTF_8);
        byte[] artists = ("artists,genres\n\"" + artist + "\",\"['test folk', 'Test Pop']\"\n").getBytes(StandardCharsets.UTF_8);
        try (MongoClient client = CatalogFixtures.mongo()) {
            try {
                String loadId = asOperator().multiPart("file", "tracks.csv", tracks, "text/csv")
                        .multiPart("file", "artists.csv", artists, "text/csv")
                        .when().post("/api/v1/admin/catalog/loads")
                        .then().statusCode(202)
                        .header("Location", containsString("/api/v1/admin/catalog/loads/"))
                        .body("status", equalTo("RUNNING"))
                        .extract().path("loadId");
                Map<String, Object> load = awaitLoad(loadId);
                assertEquals("COMPLETED", load.get("status"), String.valueOf(load.get("failure")));
                assertEquals("upload", load.get("source"));
                assertEquals(1, number(load, "tracks"));
                assertEquals(1, number(load, "artists"));
                assertEquals(2, number(load, "trackNames"), "one per credited artist");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> files = (List<Map<String, Object>>) load.get("files");
                Map<String, Object> trackFile = files.stream().filter(f -> f.get("file").equals("tracks.csv")).findFirst().orElseThrow();
                assertEquals(2, number(trackFile, "rows"));
                assertEquals(1, number(trackFile, "rejected"));
                assertTrue(trackFile.get("errors").toString().contains("not-a-track-id"));

                Document track = CatalogFixtures.echotune(client).getCollection("tracks").find(Filters.eq("_id", id)).first();
                assertEquals(List.of(artist, "Guest"), track.getList("artists", String.class));
                assertEquals(List.of("indie", "test folk", "test pop"), track.getList("genres", String.class));
                assertEquals(120.5, track.get("features", Document.class).getDouble("tempo"));
                assertEquals(id, CatalogFixtures.echotune(client).getCollection("track_names")
                        .find(Filters.eq("_id", TrackNames.nameKey("Guest", "Song Title"))).first().getString("trackId"));
            } finally {
                var db = CatalogFixtures.echotune(client);
                db.getCollection("tracks").deleteOne(Filters.eq("_id", id));
                db.getCollection("artists").deleteOne(Filters.eq("_id", TrackNames.normalise(artist)));
                db.getCollection("track_names").deleteMany(Filters.in("_id", TrackNames.nameKey(artist, "Song Title"),
                        TrackNames.nameKey("Guest", "Song Title")));
            }
        }
    }

    @Test
    void aFileThatIsNoCatalogFailsTheUploadWithAProblemNamingItAndNothingIsWritten() {
        String id = randomTrackId();
        byte[] good = ("track_id,track_name,artists,track_genre,energy,valence\n" + id + ",Fine,Someone,rock,0.5,0.5\n")
                .getBytes(StandardCharsets.UTF_8);
        asOperator().multiPart("file", "good.csv", good, "text/csv")
                .multiPart("file", "broken.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:bad-request"))
                .body("detail", containsString("broken.csv has no known catalog layout"));
        byte[] latin1 = ("track_id,track_name,energy,valence\n" + id + ",Mam\u00e1,0.1,0.2\n").getBytes(StandardCharsets.ISO_8859_1);
        asOperator().multiPart("file", "latin1.csv", latin1, "text/csv")
                .when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("latin1.csv is not UTF-8"));
        asOperator().multiPart("file", "empty.csv", new byte[0], "text/csv")
                .when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(400)
                .body("detail", containsString("empty.csv is empty"));

        try (MongoClient client = CatalogFixtures.mongo()) {
            assertNull(CatalogFixtures.echotune(client).getCollection("tracks").find(Filters.eq("_id", id)).first());
        }
        asOperator().when().get("/api/v1/admin/catalog").then().statusCode(200).body("runningLoadId", equalTo(null));
    }

    @Test
    void onlyOneLoadRunsAtATimeAndALoadWhoseInstanceDiedIsTakenOver() {
        UUID elsewhere = UUID.randomUUID();
        Instant now = Instant.now();
        assertTrue(loads.claim(elsewhere, "directory", "/elsewhere", now, Duration.ofMinutes(2)).await().indefinitely());
        try {
            asOperator().when().post("/api/v1/admin/catalog/loads")
                    .then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", containsString("/api/v1/admin/catalog/loads/" + elsewhere));
            asOperator().when().get("/api/v1/admin/catalog").then().statusCode(200)
                    .body("runningLoadId", equalTo(elsewhere.toString()));
            // a claim whose heartbeat is older than the stale limit is abandoned by the next claim
            UUID next = UUID.randomUUID();
            assertTrue(loads.claim(next, "upload", null, now.plus(Duration.ofMinutes(3)), Duration.ofMinutes(2))
                    .await().indefinitely());
            assertEquals(CatalogLoad.Status.FAILED, loads.find(elsewhere).await().indefinitely().status());
            loads.release(next).await().indefinitely();
        } finally {
            loads.fail(elsewhere, "test", Instant.now()).await().indefinitely();
        }
    }

    @Test
    void aListenerIsForbiddenAndACallWithoutCredentialsIsUnauthorized() {
        String user = ImportFixtures.newUser();
        asListener(user).when().get("/api/v1/admin/catalog")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:forbidden"));
        asListener(user).when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(403)
                .contentType("application/problem+json");
        asListener(user).when().get("/api/v1/admin/catalog/loads/" + UUID.randomUUID()).then().statusCode(403);
        given().when().post("/api/v1/admin/catalog/loads").then().statusCode(401);
        given().when().get("/api/v1/admin/catalog").then().statusCode(401);
    }

    @Test
    void anUnknownLoadIsNotFound() {
        asOperator().when().get("/api/v1/admin/catalog/loads/" + UUID.randomUUID())
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static Map<String, Object> load() {
        String loadId = asOperator().when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(202)
                .body("status", equalTo("RUNNING"))
                .extract().path("loadId");
        return awaitLoad(loadId);
    }

    private static long version() {
        return number(asOperator().when().get("/api/v1/admin/catalog").then().statusCode(200)
                .extract().jsonPath().getMap(""), "version");
    }

    /** Lookups by _id (a count with a filter is a full scan on the MongoDB stand-in). */
    private static long countIds(MongoCollection<Document> tracks, List<String> ids) {
        long found = 0;
        for (int from = 0; from < ids.size(); from += 1000) {
            for (Document ignored : tracks.find(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + 1000))))
                    .projection(new Document("_id", 1))) {
                found++;
            }
        }
        return found;
    }

    static String randomTrackId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        Random random = new Random();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static long number(Map<String, Object> json, String field) {
        return ((Number) json.get(field)).longValue();
    }
}
