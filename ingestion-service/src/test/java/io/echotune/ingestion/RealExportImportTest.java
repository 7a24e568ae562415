package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.expected;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static io.echotune.ingestion.ImportFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every real export under shared/data/history, uploaded as multipart like a client would, must be imported with
 * exactly the counts computed independently from the raw files.
 */
@QuarkusTest
class RealExportImportTest {

    /** Right after each test: these imports are large, and the shared MongoDB stand-in has a small heap. */
    @org.junit.jupiter.api.AfterEach
    void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    @Test
    void everyExtendedExportIsImportedWithExactCounts() {
        assertImportedExactly(streamingFiles("extended", "efrrowini"));
        assertImportedExactly(streamingFiles("extended", "primoscope"));
    }

    @Test
    void everyBasicExportIsImportedWithExactCounts() {
        assertImportedExactly(streamingFiles("basic", "anferben"));
        assertImportedExactly(streamingFiles("basic", "bjayesh47"));
    }

    @Test
    void aWholeExportFolderAsZipImportsItsHistoryAndListsTheOtherFilesAsSkipped() throws IOException {
        Path folder = ImportFixtures.history().resolve("basic").resolve("jonas-mika");
        List<Path> all;
        try (Stream<Path> listing = Files.list(folder)) {
            all = listing.sorted().toList();
        }
        byte[] zip = ImportFixtures.zip(out -> all.forEach(f ->
                ImportFixtures.entry(out, "MyData/" + f.getFileName(), ImportFixtures.bytes(f))));
        List<Path> history = streamingFiles("basic", "jonas-mika");
        String user = newUser();
        long started = System.nanoTime();
        String importId = ImportFixtures.uploadBytes(user, "my_spotify_data.zip", zip);
        Map<String, Object> job = assertCounts(user, importId, history, true, started);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> skipped = (List<Map<String, Object>>) job.get("skippedFiles");
        assertEquals(List.of("my_spotify_data.zip/MyData/Playlist1.json", "my_spotify_data.zip/MyData/YourLibrary.json"),
                skipped.stream().map(s -> s.get("name")).toList());
    }

    @Test
    void aCsvWithTheExtendedHeaderImportsLikeTheJsonItCameFrom() throws IOException {
        Path json = streamingFiles("extended", "primoscope").get(0);
        List<String> columns = List.of("ts", "platform", "ms_played", "conn_country", "master_metadata_track_name",
                "master_metadata_album_artist_name", "master_metadata_album_album_name", "spotify_track_uri",
                "episode_name", "episode_show_name", "spotify_episode_uri", "reason_start", "reason_end", "shuffle",
                "skipped", "offline");
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        for (var record : ImportFixtures.readJson(json)) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                var v = record.get(c);
                String text = v == null || v.isNull() ? "" : v.asText();
                cells.add("\"" + text.replace("\"", "\"\"") + "\"");
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        String user = newUser();
        long started = System.nanoTime();
        String importId = ImportFixtures.uploadBytes(user, "history.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> job = assertCounts(user, importId, List.of(json), false, started);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) job.get("files");
        assertEquals("CSV", files.get(0).get("format"));
    }

    private static void assertImportedExactly(List<Path> files) {
        String user = newUser();
        long started = System.nanoTime();
        String importId = upload(user, files);
        assertCounts(user, importId, files, true, started);
    }

    private static Map<String, Object> assertCounts(String user, String importId, List<Path> files, boolean sameNames,
                                                    long started) {
        ImportFixtures.Expected expected = expected(files);
        Map<String, Object> job = awaitCompleted(user, importId);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Imported %s: %d records end to end in %.2f s (%.0f records/s)%n",
                files.get(0).getParent().getFileName(), expected.read(), seconds, expected.read() / seconds);

        assertEquals(expected.read(), number(job, "recordsRead"), "recordsRead");
        assertEquals(expected.stored(), number(job, "recordsStored"), "recordsStored");
        assertEquals(expected.duplicates(), number(job, "duplicates"), "duplicates");
        assertEquals(expected.rejected(), number(job, "rejected"), "rejected");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reported = (List<Map<String, Object>>) job.get("files");
        assertEquals(files.size(), reported.size());
        long storedInFiles = 0;
        for (int i = 0; i < files.size(); i++) {
            Map<String, Object> f = reported.get(i);
            if (sameNames) {
                assertTrue(((String) f.get("name")).endsWith(files.get(i).getFileName().toString()), "name " + f.get("name"));
            }
            assertEquals(expected(List.of(files.get(i))).read(), number(f, "recordsRead"), "recordsRead of " + f.get("name"));
            assertEquals(number(f, "recordsRead"), number(f, "recordsStored") + number(f, "duplicates") + number(f, "rejected"));
            storedInFiles += number(f, "recordsStored");
        }
        assertEquals(expected.stored(), storedInFiles);
        assertTrue(job.get("startedAt") != null && job.get("finishedAt") != null);
        return job;
    }

    @Test
    void historyHoldsExactlyTheStoredRecordsNewestFirstAcrossPages() {
        List<Path> files = streamingFiles("extended", "primoscope");
        ImportFixtures.Expected expected = expected(files);
        String user = newUser();
        awaitCompleted(user, upload(user, files));
        List<String> playedAt = new ArrayList<>();
        String cursor = null;
        do {
            var page = as(user).queryParam("limit", 500).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/api/v1/history").then().statusCode(200).extract().jsonPath();
            playedAt.addAll(page.getList("items.playedAt", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(expected.stored(), playedAt.size());
        for (int i = 1; i < playedAt.size(); i++) {
            assertTrue(playedAt.get(i - 1).compareTo(playedAt.get(i)) >= 0, "newest first at " + i);
        }
    }
}
