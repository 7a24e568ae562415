package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class HistoryResourceTest {

    @org.junit.jupiter.api.AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    private static final String URI = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";

    @Test
    void historyPagesNewestFirstWithinTheRange() {
        String user = newUser();
        awaitCompleted(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                extended("2024-03-01T10:00:00Z", 1000, URI, "A", "One"),
                extended("2024-03-02T10:00:00Z", 1000, URI, "A", "Two"),
                extended("2024-03-03T10:00:00Z", 1000, URI, "A", "Three"),
                extended("2024-03-04T10:00:00Z", 1000, URI, "A", "Four"),
                extended("2024-03-05T10:00:00Z", 1000, URI, "A", "Five"))));

        String cursor = as(user).queryParam("from", "2024-03-02").queryParam("to", "2024-03-05T10:00:00Z")
                .queryParam("limit", 2)
                .when().get("/api/v1/history").then().statusCode(200)
                .body("items.trackName", contains("Four", "Three"))
                .body("items[0].playedAt", equalTo("2024-03-04T10:00:00Z"))
                .body("items[0].msPlayed", equalTo(1000))
                .body("items[0].trackUri", equalTo(URI))
                .body("items[0].artistName", equalTo("A"))
                .body("items[0].reasonStart", equalTo("clickrow"))
                .body("items[0].skipped", equalTo(false))
                .body("items[0].platform", equalTo("android"))
                .body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        as(user).queryParam("from", "2024-03-02").queryParam("to", "2024-03-05T10:00:00Z")
                .queryParam("limit", 2).queryParam("cursor", cursor)
                .when().get("/api/v1/history").then().statusCode(200)
                .body("items.trackName", contains("Two"))
                .body("nextCursor", nullValue());
        as(user).when().get("/api/v1/history").then().statusCode(200).body("items", hasSize(5));
    }

    @Test
    void badParametersAreRejectedNamingThem() {
        String user = newUser();
        for (var bad : List.of(List.of("limit", "0"), List.of("limit", "501"), List.of("limit", "ten"),
                List.of("from", "last week"), List.of("to", "2024-02-30"), List.of("cursor", "bm90IGEgY3Vyc29y"))) {
            as(user).queryParam(bad.get(0), bad.get(1)).when().get("/api/v1/history")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad.get(0)))
                    .body("detail", containsString(bad.get(0)));
        }
        as(user).queryParam("from", "2024-03-05").queryParam("to", "2024-03-01").when().get("/api/v1/history")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
    }
}
