package io.echotune.playlist;

import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.echotune.playlist.support.RecommenderStub;
import io.echotune.playlist.support.TestCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.echotune.playlist.PlaylistResourceTest.bearer;
import static io.echotune.playlist.PlaylistResourceTest.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PlaylistTestEnvironment.class)
class ExportTest {

    private static final String NAME = "Late, \"Night\" Mix";
    private static final String PLAIN = TestCatalog.id(10);
    private static final List<String> TRACKS = List.of(TestCatalog.HOSTILE_TRACK, TestCatalog.NO_DURATION_TRACK, PLAIN);

    private static String createDefaultPlaylist(String owner) {
        return given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("name", NAME, "trackIds", TRACKS))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
    }

    private static Response export(String owner, String id, String query) {
        return given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id + "/export" + query)
                .then().statusCode(200).extract().response();
    }

    @Test
    void csvFollowsRfc4180AndReadsBackFieldForField() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        Response r = export(owner, id, "?format=csv");

        assertTrue(r.contentType().startsWith("text/csv"));
        assertEquals("attachment; filename=\"late-night-mix-v1.csv\"", r.header("Content-Disposition"));
        String body = r.asString();
        assertTrue(body.endsWith("\r\n"), "records end with CRLF");
        List<List<String>> rows = Rfc4180.parse(body);
        assertEquals(List.of("position", "track_id", "name", "artists", "album", "duration_ms", "uri", "spotify_url"),
                rows.get(0));
        assertEquals(4, rows.size());
        assertEquals(List.of("1", TestCatalog.HOSTILE_TRACK, TestCatalog.HOSTILE_NAME, TestCatalog.HOSTILE_ARTIST,
                TestCatalog.album(1), String.valueOf(TestCatalog.durationMs(1)), "spotify:track:" + TestCatalog.HOSTILE_TRACK,
                "https://open.spotify.com/track/" + TestCatalog.HOSTILE_TRACK), rows.get(1));
        assertEquals("", rows.get(2).get(5), "an unknown duration is an empty field");
        assertEquals("Artist 0; Guest 3", rows.get(3).get(3));
    }

    @Test
    void aTrackKnownByNameOnlyExportsWithoutAUriAndWithASpotifySearch() {
        String owner = newUser();
        String id = given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("name", NAME, "trackIds", List.of(PLAIN, RecommenderStub.PLAYED_BY_NAME)))
                .when().post("/api/v1/playlists").then().statusCode(201).extract().path("playlistId");
        String search = "https://open.spotify.com/search/Nick%20Drake%20Pink%20Moon";

        List<List<String>> rows = Rfc4180.parse(export(owner, id, "?format=csv").asString());
        assertEquals(List.of("2", RecommenderStub.PLAYED_BY_NAME, "Pink Moon", "Nick Drake", "Pink Moon", "", "", search),
                rows.get(2));
        assertTrue(export(owner, id, "?format=m3u8").asString().contains("\n" + search + "\n"));
        String xspf = export(owner, id, "?format=xspf").asString();
        assertTrue(xspf.contains("<location>" + search + "</location>"), xspf);
        assertEquals(1, xspf.split("<identifier>", -1).length - 1, "only the catalog track has a Spotify URI");
    }

    @Test
    void m3u8IsExtendedM3uWithSecondsArtistTitleAndSpotifyUrls() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        Response r = export(owner, id, "?format=m3u8");

        assertEquals("attachment; filename=\"late-night-mix-v1.m3u8\"", r.header("Content-Disposition"));
        List<String> lines = r.asString().lines().toList();
        assertEquals("#EXTM3U", lines.get(0));
        List<String[]> entries = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXTINF:")) {
                String info = lines.get(i).substring("#EXTINF:".length());
                int comma = info.indexOf(',');
                entries.add(new String[] {info.substring(0, comma), info.substring(comma + 1), lines.get(i + 1)});
            }
        }
        assertEquals(3, entries.size());
        assertEquals("181", entries.get(0)[0]);
        assertEquals(TestCatalog.HOSTILE_ARTIST + " - " + TestCatalog.HOSTILE_NAME, entries.get(0)[1]);
        assertEquals("https://open.spotify.com/track/" + TestCatalog.HOSTILE_TRACK, entries.get(0)[2]);
        assertEquals("-1", entries.get(1)[0], "unknown length");
        assertEquals("190", entries.get(2)[0]);
        assertEquals("Artist 0, Guest 3 - Track 10", entries.get(2)[1]);
    }

    @Test
    void xspfValidatesAgainstTheXspfSchemaAndReadsBack() throws Exception {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);

        Response r = export(owner, id, "?format=xspf");

        assertEquals("application/xspf+xml", r.contentType());
        assertEquals("attachment; filename=\"late-night-mix-v1.xspf\"", r.header("Content-Disposition"));
        byte[] xml = r.asByteArray();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/xspf-1.xsd")).newValidator()
                .validate(new StreamSource(new ByteArrayInputStream(xml)));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        String ns = "http://xspf.org/ns/0/";
        assertEquals(ns, doc.getDocumentElement().getNamespaceURI());
        assertEquals(NAME, doc.getElementsByTagNameNS(ns, "title").item(0).getTextContent());
        NodeList tracks = doc.getElementsByTagNameNS(ns, "track");
        assertEquals(3, tracks.getLength());
        Element first = (Element) tracks.item(0);
        assertEquals(TestCatalog.HOSTILE_NAME, text(first, "title"));
        assertEquals(TestCatalog.HOSTILE_ARTIST, text(first, "creator"));
        assertEquals(TestCatalog.album(1), text(first, "album"));
        assertEquals(String.valueOf(TestCatalog.durationMs(1)), text(first, "duration"));
        assertEquals("https://open.spotify.com/track/" + TestCatalog.HOSTILE_TRACK, text(first, "location"));
        assertEquals("spotify:track:" + TestCatalog.HOSTILE_TRACK, text(first, "identifier"));
        assertEquals(0, ((Element) tracks.item(1)).getElementsByTagNameNS(ns, "duration").getLength());
    }

    @Test
    void jsonIsTheDefaultAndAnOlderVersionCanBeExported() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        given().header("Authorization", bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("prompt", "swap the last one")).when().post("/api/v1/playlists/" + id + "/refine")
                .then().statusCode(200).body("version", equalTo(2));

        Response current = export(owner, id, "");
        assertEquals("attachment; filename=\"late-night-mix-v2.json\"", current.header("Content-Disposition"));
        assertEquals(2, JsonPath.from(current.asString()).getInt("version"));

        JsonPath first = JsonPath.from(export(owner, id, "?format=json&version=1").asString());
        assertEquals(1, first.getInt("version"));
        assertEquals(TRACKS, first.getList("tracks.trackId"));
        assertEquals(NAME, first.getString("name"));
    }

    @Test
    void unknownFormatIsA400NamingFormat() {
        String owner = newUser();
        String id = createDefaultPlaylist(owner);
        given().header("Authorization", bearer(owner)).when().get("/api/v1/playlists/" + id + "/export?format=pdf")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"));
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS("http://xspf.org/ns/0/", name).item(0).getTextContent();
    }

    /** A strict RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class Rfc4180 {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    assertEquals(0, field.length(), "a quote only opens a field");
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r') {
                    assertEquals('\n', text.charAt(i + 1), "CR only as part of CRLF");
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    assertTrue(c != '\n', "a bare LF ends no record");
                    field.append(c);
                }
            }
            return rows;
        }
    }
}
