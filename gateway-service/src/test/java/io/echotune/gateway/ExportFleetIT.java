package io.echotune.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.echotune.gateway.ErasureFleetIT.as;
import static io.echotune.gateway.ErasureFleetIT.awaitImport;
import static io.echotune.gateway.ErasureFleetIT.historyFiles;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/me/export} through the running fleet: every part is there, and the history in it, in Spotify's
 * extended format, imports into a fresh account with the same number of records stored.
 */
class ExportFleetIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACK = "5SuOikwiRyPMVoIQDJUgSV";

    @BeforeAll
    static void fleet() {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        URI gateway = URI.create(url);
        RestAssured.baseURI = url;
        RestAssured.port = gateway.getPort();
    }

    @Test
    void theExportHoldsEveryPartAndItsHistoryImportsAgainWithTheSameRecordCount() throws Exception {
        String owner = signUp("Export fleet");
        RequestSpecification upload = as(owner);
        for (Path file : historyFiles("extended/primoscope")) {
            upload = upload.multiPart("file", file.toFile(), "application/json");
        }
        Map<String, Object> imported = awaitImport(owner, upload.when().post("/api/v1/imports")
                .then().statusCode(202).extract().path("importId"));
        long stored = ((Number) imported.get("recordsStored")).longValue();
        as(owner).contentType(ContentType.JSON).body(Map.of("name", "Export fleet playlist", "trackIds", List.of(TRACK)))
                .when().post("/api/v1/playlists").then().statusCode(201);
        as(owner).contentType(ContentType.JSON).body(Map.of("trackId", TRACK, "signal", "save"))
                .when().post("/api/v1/recommendations/feedback").then().statusCode(202);

        byte[] archive = as(owner).when().get("/api/v1/me/export").then().statusCode(200)
                .contentType("application/zip").extract().asByteArray();
        Map<String, byte[]> files = ExportTest.unzip(archive);
        assertEquals(List.of("account.json", "preferences.json", "tokens.json", "chats.json", "playlists.json",
                "feedback.json", "taste-profile.json", "insights.json", "imports.json", "Streaming_History_Audio_0.json",
                "Streaming_History_Video_0.json", "manifest.json"), List.copyOf(files.keySet()));
        for (JsonNode file : JSON.readTree(files.get("manifest.json")).path("files")) {
            assertEquals("complete", file.path("status").asText(), file.toString());
        }
        assertEquals(1, JSON.readTree(files.get("playlists.json")).size());
        assertEquals("save", JSON.readTree(files.get("feedback.json")).path(0).path("signal").asText());
        assertEquals(stored, JSON.readTree(files.get("insights.json")).path("summary").path("records").asLong()
                + 0, "insights count music only; primoscope is all music");
        JsonNode audio = JSON.readTree(files.get("Streaming_History_Audio_0.json"));
        JsonNode video = JSON.readTree(files.get("Streaming_History_Video_0.json"));
        assertEquals(stored, audio.size() + video.size());
        assertFalse(new String(files.get("tokens.json")).contains(owner), "no token secret in the export");

        String fresh = signUp("Export fleet again");
        RequestSpecification again = as(fresh).multiPart("file", "Streaming_History_Audio_0.json",
                files.get("Streaming_History_Audio_0.json"), "application/json");
        if (video.size() > 0) {
            again = again.multiPart("file", "Streaming_History_Video_0.json", files.get("Streaming_History_Video_0.json"),
                    "application/json");
        }
        Map<String, Object> reimported = awaitImport(fresh, again.when().post("/api/v1/imports")
                .then().statusCode(202).extract().path("importId"));
        assertEquals("COMPLETED", reimported.get("status"));
        assertEquals(stored, ((Number) reimported.get("recordsStored")).longValue(), reimported.toString());
        assertEquals(0, ((Number) reimported.get("rejected")).longValue());
    }

    private static String signUp(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("displayName", name))
                .when().post("/api/v1/auth/local").then().statusCode(201).extract().path("token");
    }
}
