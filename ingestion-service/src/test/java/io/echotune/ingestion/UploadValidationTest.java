package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.basic;
import static io.echotune.ingestion.ImportFixtures.entry;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.zip;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * File-level problems are answered at once (400/413/415, problem+json naming the file and what is wrong) and
 * nothing is stored: the user has no import afterwards.
 */
@QuarkusTest
class UploadValidationTest {

    @org.junit.jupiter.api.AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    private static final byte[] GOOD = list(extended("2024-03-01T10:15:42Z", 200_000,
            "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz", "Beyoncé", "Halo"));

    private static ValidatableResponse post(String user, String name, byte[] content) {
        return as(user).multiPart("file", name, content, "application/octet-stream")
                .when().post("/api/v1/imports").then();
    }

    /** Asserts the problem, and that nothing was recorded for the user. */
    private static void assertRefused(String user, ValidatableResponse response, int status, String... detailParts) {
        response.statusCode(status).contentType("application/problem+json");
        for (String part : detailParts) {
            response.body("detail", containsString(part));
        }
        as(user).when().get("/api/v1/imports").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void uploadWithoutAFilePartIsRejected() {
        String user = newUser();
        assertRefused(user, as(user).multiPart("other", "x.json", GOOD).when().post("/api/v1/imports").then(),
                400, "no file", "'file'");
    }

    @Test
    void emptyFileIsRejected() {
        String user = newUser();
        assertRefused(user, post(user, "Streaming_History_Audio_2024.json", new byte[0]), 400,
                "Streaming_History_Audio_2024.json", "empty");
    }

    @Test
    void binaryContentIsAnUnsupportedType() {
        String user = newUser();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertRefused(user, post(user, "Streaming_History_Audio_2024.json.png", png), 415, "binary");
    }

    @Test
    void jsonThatIsNoStreamingHistoryIsAnUnsupportedTypeWhateverItsName() {
        String user = newUser();
        byte[] playlist = "{\"playlists\": [{\"name\": \"x\", \"items\": []}]}".getBytes(StandardCharsets.UTF_8);
        assertRefused(user, post(user, "StreamingHistory0.json", playlist), 415, "StreamingHistory0.json", "not a list of plays");
        byte[] library = "[{\"artist\": \"a\", \"track\": \"t\", \"uri\": \"spotify:track:x\"}]".getBytes(StandardCharsets.UTF_8);
        assertRefused(user, post(user, "Streaming_History_Audio_1.json", library), 415, "not a streaming history");
    }

    @Test
    void textThatIsNeitherJsonNorExtendedCsvIsAnUnsupportedType() {
        String user = newUser();
        assertRefused(user, post(user, "notes.txt", "hello, world\nsecond line\n".getBytes(StandardCharsets.UTF_8)),
                415, "notes.txt");
    }

    @Test
    void uploadOverTheSizeLimitIsRefusedAsTooLarge() {
        String user = newUser();
        byte[] big = new byte[17 * 1024 * 1024];   // the test limit is 16 MiB
        Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';
        as(user).multiPart("file", "Streaming_History_Audio_2024.json", big, "application/json")
                .when().post("/api/v1/imports").then().statusCode(413);
        as(user).when().get("/api/v1/imports").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void invalidUtf8IsRejectedNamingTheFile() {
        String user = newUser();
        byte[] latin1 = list(basic("2024-03-01 10:15", "Beyonc\u00e9", "Halo", 1000)).clone();
        byte[] bad = new String(latin1, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(user, post(user, "StreamingHistory0.json", bad), 400, "StreamingHistory0.json", "UTF-8");
    }

    @Test
    void invalidUtf8InACsvIsRejected() {
        String user = newUser();
        byte[] csv = "ts,ms_played,spotify_track_uri,master_metadata_track_name\n2024-03-01T10:15:42Z,1000,spotify:track:x,Caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(user, post(user, "history.csv", csv), 400, "history.csv", "UTF-8");
    }

    @Test
    void aJsonNamedFileThatIsNotJsonIsRejected() {
        String user = newUser();
        assertRefused(user, post(user, "Streaming_History_Audio_2024.json", "ts;ms_played\n1;2\n".getBytes(StandardCharsets.UTF_8)),
                400, "Streaming_History_Audio_2024.json", "not JSON");
        assertRefused(user, post(user, "Streaming_History_Audio_2024.json", "[{\"ts\": \"2024-01-01T00:00:00Z\", ms_played: 1}]"
                .getBytes(StandardCharsets.UTF_8)), 400, "not valid JSON");
    }

    @Test
    void truncatedJsonIsRejected() {
        String user = newUser();
        byte[] whole = list(extended("2024-03-01T10:15:42Z", 1000, "spotify:track:a", "A", "B"),
                extended("2024-03-01T10:19:42Z", 1000, "spotify:track:b", "A", "C"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 40);
        assertRefused(user, post(user, "Streaming_History_Audio_2024.json", cut), 400,
                "Streaming_History_Audio_2024.json", "truncated");
    }

    @Test
    void jsonOfTheWrongShapeIsRejected() {
        String user = newUser();
        byte[] notObjects = ("[" + extended("2024-03-01T10:15:42Z", 1000, "spotify:track:a", "A", "B") + ", 42]")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(user, post(user, "Streaming_History_Audio_2024.json", notObjects), 400, "wrong shape", "record 2");
        byte[] nested = "[{\"ts\": \"2024-03-01T10:15:42Z\", \"ms_played\": {\"value\": 1}}]".getBytes(StandardCharsets.UTF_8);
        assertRefused(user, post(user, "Streaming_History_Audio_2024.json", nested), 400, "wrong shape", "ms_played");
    }

    @Test
    void csvWithoutTheRequiredColumnsIsRejectedNamingThem() {
        String user = newUser();
        byte[] csv = "ts,master_metadata_track_name,master_metadata_album_artist_name\n2024-03-01T10:15:42Z,Halo,Beyonce\n"
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(user, post(user, "history.csv", csv), 400, "history.csv", "ms_played");
    }

    @Test
    void oneBadFileRefusesTheWholeUpload() {
        String user = newUser();
        assertRefused(user, as(user).multiPart("file", "Streaming_History_Audio_2024.json", GOOD, "application/json")
                        .multiPart("file", "Streaming_History_Audio_2025.json", "[{\"ts\":".getBytes(StandardCharsets.UTF_8))
                        .when().post("/api/v1/imports").then(), 400, "Streaming_History_Audio_2025.json");
    }

    @Test
    void zipWithAParentRelativeEntryIsUnsafe() {
        String user = newUser();
        byte[] zip = zip(z -> {
            entry(z, "Spotify Extended Streaming History/Streaming_History_Audio_2024.json", GOOD);
            entry(z, "../../etc/cron.d/evil", "* * * * * root true".getBytes(StandardCharsets.UTF_8));
        });
        assertRefused(user, post(user, "my_spotify_data.zip", zip), 400, "my_spotify_data.zip", "unsafe", "../../etc/cron.d/evil");
    }

    @Test
    void zipWithAnAbsoluteEntryIsUnsafe() {
        String user = newUser();
        byte[] zip = zip(z -> entry(z, "/tmp/Streaming_History_Audio_2024.json", GOOD));
        assertRefused(user, post(user, "my_spotify_data.zip", zip), 400, "unsafe", "absolute");
    }

    @Test
    void zipWithTooManyEntriesIsUnsafe() {
        String user = newUser();
        byte[] zip = zip(z -> {
            for (int i = 0; i < 501; i++) {   // the test limit is 500
                entry(z, "f" + i + ".txt", new byte[] {'x'});
            }
        });
        assertRefused(user, post(user, "my_spotify_data.zip", zip), 400, "unsafe", "501 entries");
    }

    @Test
    void zipBombIsDetectedWhileInflating() throws IOException {
        String user = newUser();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            z.putNextEntry(new ZipEntry("Spotify Extended Streaming History/Streaming_History_Audio_2024.json"));
            z.write("[{\"ts\":\"2024-01-01T00:00:00Z\",\"ms_played\":1000,\"spotify_track_uri\":\"spotify:track:x\",\"pad\":\""
                    .getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                z.write(chunk);
            }
            z.write("\"}]".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        assertRefused(user, post(user, "my_spotify_data.zip", bytes.toByteArray()), 400, "unsafe", "zip bomb");
    }

    @Test
    void zipInflatingBeyondTheTotalCapIsUnsafe() throws IOException {
        String user = newUser();
        Random random = new Random(7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            // 36 MB of plausible records over 3 entries (the test cap is 32 MiB); each compresses about 10 times
            String[] uris = new String[2000];
            for (int i = 0; i < uris.length; i++) {
                uris[i] = Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            }
            for (int file = 0; file < 3; file++) {
                z.putNextEntry(new ZipEntry("Streaming_History_Audio_202" + file + ".json"));
                z.write('[');
                StringBuilder sb = new StringBuilder();
                for (long written = 0; written < 12_000_000; ) {
                    sb.setLength(0);
                    sb.append(written == 0 ? "" : ",").append("{\"ts\":\"2024-01-01T00:00:00Z\",\"ms_played\":")
                            .append(random.nextInt(300_000)).append(",\"spotify_track_uri\":\"spotify:track:")
                            .append(uris[random.nextInt(uris.length)]).append("\"}");
                    byte[] record = sb.toString().getBytes(StandardCharsets.UTF_8);
                    z.write(record);
                    written += record.length;
                }
                z.write(']');
                z.closeEntry();
            }
        }
        assertRefused(user, post(user, "my_spotify_data.zip", bytes.toByteArray()), 400, "unsafe", "in total");
    }

    @Test
    void zipWithoutAnyStreamingHistoryIsAnUnsupportedType() {
        String user = newUser();
        byte[] zip = zip(z -> {
            entry(z, "MyData/Userdata.json", "{\"username\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            entry(z, "MyData/ReadMeFirst.pdf", "%PDF-1.4 ...".getBytes(StandardCharsets.UTF_8));
        });
        assertRefused(user, post(user, "my_spotify_data.zip", zip), 415, "No streaming-history file");
    }

    @Test
    void aBrokenHistoryFileInsideAZipIsRejectedNamingTheEntry() {
        String user = newUser();
        byte[] zip = zip(z -> entry(z, "MyData/StreamingHistory0.json",
                "[{\"endTime\":\"2024-03-01 10:15\",\"artistName\":\"A\"".getBytes(StandardCharsets.UTF_8)));
        assertRefused(user, post(user, "my_spotify_data.zip", zip), 400,
                "my_spotify_data.zip/MyData/StreamingHistory0.json", "truncated");
    }

    @Test
    void aDamagedZipIsRejected() {
        String user = newUser();
        byte[] zip = zip(z -> entry(z, "Streaming_History_Audio_2024.json", GOOD));
        byte[] damaged = Arrays.copyOf(zip, zip.length - 30);
        assertRefused(user, post(user, "my_spotify_data.zip", damaged), 400, "my_spotify_data.zip");
    }

    @Test
    void nonMultipartBodyIsUnsupported() {
        as(newUser()).contentType("application/json").body(GOOD).when().post("/api/v1/imports")
                .then().statusCode(415).contentType("application/problem+json")
                .body("status", equalTo(415))
                .body("type", allOf(containsString("urn:echotune:problem:")));
    }
}
