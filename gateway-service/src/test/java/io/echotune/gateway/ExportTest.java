package io.echotune.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/me/export}: a ZIP with the gateway's own files, every service part streamed from its internal
 * endpoint with the user's internal token (account scope), and a manifest naming a part that could not be had.
 */
@QuarkusTest
@WithTestResource(ExportBackends.class)
class ExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theExportIsAZipOfEveryPartWithAManifestAndNoSecret() throws IOException {
        Users.SignedUp user = Users.signUp("Exporter");
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("novelty", "discover")).when().put("/api/v1/me/preferences").then().statusCode(200);

        Response response = given().header("Authorization", user.bearer()).when().get("/api/v1/me/export")
                .then().statusCode(200).contentType("application/zip").extract().response();
        assertTrue(response.header("Content-Disposition").startsWith("attachment; filename=\"echotune-export-"));
        Map<String, byte[]> files = unzip(response.asByteArray());

        assertEquals(List.of("account.json", "preferences.json", "tokens.json", "chats.json", "feedback.json",
                "taste-profile.json", "insights.json", "imports.json", "Streaming_History_Audio_0.json",
                "Streaming_History_Video_0.json", "manifest.json"), List.copyOf(files.keySet()),
                "every part in order; the playlist part is missing: its service answered 503");
        assertEquals(user.userId(), JSON.readTree(files.get("account.json")).path("userId").asText());
        assertEquals("discover", JSON.readTree(files.get("preferences.json")).path("novelty").asText());
        JsonNode tokens = JSON.readTree(files.get("tokens.json"));
        assertEquals(1, tokens.size());
        String allOwn = new String(files.get("tokens.json")) + new String(files.get("account.json"));
        assertFalse(allOwn.contains(user.token()), "no token secret in the export");
        assertFalse(allOwn.toLowerCase().contains("hash"), "no token hash in the export");
        assertEquals(ExportBackends.CHATS, JSON.readTree(files.get("chats.json")).size(), "streamed part arrives whole");

        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        JsonNode playlists = null;
        for (JsonNode file : manifest.path("files")) {
            if ("playlists.json".equals(file.path("file").asText())) {
                playlists = file;
            } else {
                assertEquals("complete", file.path("status").asText(), file.toString());
            }
        }
        assertEquals("unavailable", playlists.path("status").asText());
        assertTrue(playlists.path("detail").asText().contains("503"), playlists.toString());

        // each service was asked with the user's internal token, which carries the account scope
        String authorization = ExportBackends.AUTHORIZATIONS.get("/internal/v1/export/chats.json");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(authorization.substring("Bearer ".length()).split("\\.")[1]));
        assertEquals(user.userId(), claims.path("sub").asText());
        assertTrue(claims.path("scope").asText().contains("account"), claims.toString());
    }

    @Test
    void theExportNeedsTheAccountScope() {
        Users.SignedUp user = Users.signUp("Reader");
        String reader = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "reader", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        given().header("Authorization", "Bearer " + reader).when().get("/api/v1/me/export").then().statusCode(403);
        given().when().get("/api/v1/me/export").then().statusCode(401);
    }

    static Map<String, byte[]> unzip(byte[] archive) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        return files;
    }
}
