package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.basic;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 through the real pipeline (HTTP, PostgreSQL, Kafka, MongoDB): hostile dates and over-long fields are
 * rejected record by record with exact counts, a file with a value beyond the hard cap is refused at upload, a
 * hostile history query is a 400 naming its field, and records whose text is near every limit still fit Kafka.
 */
@QuarkusTest
class HostileImportTest {

    private static final String URI = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";
    private static final String OUT_OF_RANGE = "must be a date between the years 1900 and 2200";

    @AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.get("errors");
    }

    private static void assertCounts(Map<String, Object> job, long read, long stored, long rejected) {
        assertEquals(read, number(job, "recordsRead"));
        assertEquals(stored, number(job, "recordsStored"));
        assertEquals(0, number(job, "duplicates"));
        assertEquals(rejected, number(job, "rejected"));
        assertEquals(number(job, "recordsRead"),
                number(job, "recordsStored") + number(job, "duplicates") + number(job, "rejected"));
    }

    @Test
    void extendedRecordsWithFarFutureOrAncientTimestampsAreRejectedAndCounted() {
        String user = newUser();
        List<String> hostile = List.of("+999999999-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "1899-12-31T23:59:59Z",
                "2201-01-01T00:00:00Z");
        List<String> records = new ArrayList<>();
        records.add(extended("2024-03-01T10:15:42Z", 200_000, URI, "Beyoncé", "Halo"));
        hostile.forEach(ts -> records.add(extended(ts, 1000, URI, "A", "B")));
        records.add("{\"ts\": 99999999999999999999, \"ms_played\": 1000, \"spotify_track_uri\": \"" + URI + "\"}");
        records.add(extended("2024-03-01T10:20:42Z", 200_000, URI, "Beyoncé", "Halo"));

        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json",
                list(records.toArray(String[]::new))));

        assertCounts(job, 7, 2, 5);
        List<Map<String, Object>> errors = errors(job);
        for (int i = 0; i < hostile.size(); i++) {
            assertEquals(i + 2, ((Number) errors.get(i).get("record")).intValue());
            assertTrue(errors.get(i).get("reason").toString().endsWith(OUT_OF_RANGE), errors.get(i).toString());
        }
        assertTrue(errors.get(4).get("reason").toString().contains("is not a valid time"), errors.get(4).toString());
    }

    @Test
    void basicAndCsvRecordsOutsideTheYearsAreRejectedAndCounted() {
        String user = newUser();
        Map<String, Object> basicJob = awaitCompleted(user, uploadBytes(user, "StreamingHistory0.json", list(
                basic("2024-03-01 10:15", "A", "B", 1000), basic("1899-12-31 23:59", "A", "B", 1000),
                basic("2201-01-01 00:00", "A", "B", 1000))));
        assertCounts(basicJob, 3, 1, 2);
        assertTrue(errors(basicJob).get(0).get("reason").toString().startsWith("endTime '1899-12-31 23:59' "));

        String csv = "ts,ms_played,spotify_track_uri,master_metadata_track_name,master_metadata_album_artist_name\n"
                + "2024-03-01T10:15:42Z,1000," + URI + ",Halo,Beyoncé\n"
                + "+999999999-01-01T00:00:00Z,1000," + URI + ",Halo,Beyoncé\n"
                + "-000001-01-01T00:00:00Z,1000," + URI + ",Halo,Beyoncé\n";
        Map<String, Object> csvJob = awaitCompleted(user, uploadBytes(user, "history.csv",
                csv.getBytes(StandardCharsets.UTF_8)));
        assertCounts(csvJob, 3, 1, 2);
        errors(csvJob).forEach(e -> assertTrue(e.get("reason").toString().endsWith(OUT_OF_RANGE), e.toString()));
    }

    @Test
    void historyQueriesWithDatesOutsideTheYearsAreA400NamingTheField() {
        String user = newUser();
        for (String field : List.of("from", "to")) {
            for (String value : List.of("+999999999-01-01", "+999999999-01-01T00:00:00Z", "-000001-01-01",
                    "-999999999-01-01T00:00:00Z", "1899-12-31", "2201-01-01", "2200-12-31T23:30:00-01:00")) {
                as(user).queryParam(field, value).when().get("/api/v1/history")
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("errors[0].field", equalTo(field))
                        .body("errors[0].message", equalTo(OUT_OF_RANGE))
                        .body("detail", containsString(field));
            }
        }
        // the edges of the range are fine
        as(user).queryParam("from", "1900-01-01").queryParam("to", "2200-12-31T23:59:59Z").when().get("/api/v1/history")
                .then().statusCode(200).body("items", hasSize(0));
        // and a forged cursor cannot carry what from/to may not
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("h1:" + Long.MAX_VALUE + ":" + "a".repeat(44)).getBytes(StandardCharsets.UTF_8));
        as(user).queryParam("cursor", forged).when().get("/api/v1/history")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void recordsWithAFieldJustOverItsLimitAreRejectedAndCountedNeverTruncated() {
        String user = newUser();
        // at the limit: the fixture's album is the title + " (album)", 1000 characters
        String ok = extended("2024-03-01T10:15:42Z", 200_000, URI, "A".repeat(1000), "T".repeat(992));
        String longName = extended("2024-03-01T10:16:42Z", 200_000, URI, "A", "T".repeat(1001));
        String longUri = extended("2024-03-01T10:17:42Z", 200_000, "spotify:track:" + "x".repeat(187), "A", "B");
        String longPlatform = extended("2024-03-01T10:18:42Z", 200_000, URI, "A", "B")
                .replace("\"platform\":\"android\"", "\"platform\":\"" + "p".repeat(501) + "\"");
        String longCountry = extended("2024-03-01T10:19:42Z", 200_000, URI, "A", "B")
                .replace("\"conn_country\":\"SE\"", "\"conn_country\":\"" + "S".repeat(101) + "\"");

        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json",
                list(ok, longName, longUri, longPlatform, longCountry)));

        assertCounts(job, 5, 1, 4);
        assertEquals(List.of("master_metadata_track_name is longer than 1000 characters (1001)",
                        "spotify_track_uri is longer than 200 characters (201)",
                        "platform is longer than 500 characters (501)",
                        "conn_country is longer than 100 characters (101)"),
                errors(job).stream().map(e -> e.get("reason").toString()).toList());
        // the record at the limit is stored whole
        as(user).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].artistName", equalTo("A".repeat(1000)))
                .body("items[0].albumName", equalTo("T".repeat(992) + " (album)"));
    }

    @Test
    void aFileWithAMultiMegabyteTrackNameIsRefusedNamingFileRecordAndField() {
        String user = newUser();
        String huge = "x".repeat(6 * 1024 * 1024);   // over the hard cap; twice (title and album) within the 16 MiB test upload limit
        byte[] content = list(extended("2024-03-01T10:15:42Z", 200_000, URI, "A", "B"),
                extended("2024-03-01T10:16:42Z", 200_000, URI, "A", huge));

        as(user).multiPart("file", "Streaming_History_Audio_2024.json", content, "application/octet-stream")
                .when().post("/api/v1/imports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("File 'Streaming_History_Audio_2024.json' holds a value longer than 100000"
                        + " characters, the most a file may hold, in record 2 field 'master_metadata_track_name'"));
        as(user).when().get("/api/v1/imports").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void anImportWhoseRecordsAreAllNearTheFieldLimitsCompletesWithExactCounts() {
        // 600 records of about 9.5 kB of JSON each: 500 of them (the record-count batch) would be a 4.7 MB message,
        // over both the producer's 4 MiB request and the broker's 1 MiB message limit; cut by bytes they fit
        String user = newUser();
        String euros = "€".repeat(999);
        String title = "€".repeat(991) + "t";   // the fixture's album is the title + " (album)": 1000 characters
        String[] records = new String[600];
        for (int i = 0; i < records.length; i++) {
            String ts = java.time.Instant.parse("2024-03-01T00:00:00Z").plusSeconds(60L * i).toString();
            String uri = "spotify:track:" + String.format("%022d", i) + "x".repeat(150);
            records[i] = extended(ts, 200_000, uri, euros + "a", title)
                    .replace("\"platform\":\"android\"", "\"platform\":\"" + "p".repeat(500) + "\"")
                    .replace("\"reason_start\":\"clickrow\"", "\"reason_start\":\"" + "r".repeat(100) + "\"");
        }

        Map<String, Object> job = awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json",
                list(records)));

        assertCounts(job, 600, 600, 0);
        as(user).queryParam("limit", 500).when().get("/api/v1/history").then().statusCode(200)
                .body("items", hasSize(500)).body("items[0].artistName", equalTo(euros + "a"));
    }
}
