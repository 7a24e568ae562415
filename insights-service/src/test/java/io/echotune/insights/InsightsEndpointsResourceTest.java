package io.echotune.insights;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.catalogTrack;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Endpoint behaviour on small, hand-checked histories (the real exports are in {@link HistoryExactnessTest}). */
@QuarkusTest
class InsightsEndpointsResourceTest extends StoredDataTest {

    private static final String INSIGHTS = "/api/v1/insights/";

    @Test
    void tiesInTopListsBreakByName() {
        String user = newUser();
        history().insertMany(List.of(
                musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + randomTrackId(), "Beta", "Zeta", 60_000, "trackdone"),
                musicPlay(user, "2024-05-01T11:00:00Z", "spotify:track:" + randomTrackId(), "Alpha", "Alpha Band", 60_000, "trackdone"),
                musicPlay(user, "2024-05-01T12:00:00Z", null, "Gamma", "Mid", 90_000, null)));

        asUser(user).queryParam("limit", 3).when().get(INSIGHTS + "top-artists")
                .then().statusCode(200)
                .body("artist", contains("Mid", "Alpha Band", "Zeta"));
        asUser(user).queryParam("by", "streams").when().get(INSIGHTS + "top-tracks")
                .then().statusCode(200)
                .body("track", contains("Alpha", "Beta", "Gamma"))
                .body("[2].trackUri", nullValue());
        asUser(user).queryParam("limit", 1).when().get(INSIGHTS + "top-tracks")
                .then().statusCode(200)
                .body("track", contains("Gamma"));
    }

    @Test
    void genresAndMoodComeFromTheCatalogAndUnknownIsNeverGuessed() {
        String user = newUser();
        String happy = randomTrackId();
        String noFeatures = randomTrackId();
        String notInCatalog = randomTrackId();
        catalogIds.addAll(List.of(happy, noFeatures));
        catalog().insertMany(List.of(
                catalogTrack(happy, "Happy", List.of("pop", "dance pop"), 0.9, 0.25),
                catalogTrack(noFeatures, "Plain", List.of(), null, null)));
        history().insertMany(List.of(
                musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + happy, "Happy", "A", 200_000, "trackdone"),
                musicPlay(user, "2024-05-01T10:05:00Z", "spotify:track:" + happy, "Happy", "A", 10_000, "fwdbtn"),
                musicPlay(user, "2024-05-01T10:10:00Z", "spotify:track:" + noFeatures, "Plain", "B", 100_000, "trackdone"),
                musicPlay(user, "2024-05-01T10:15:00Z", "spotify:track:" + notInCatalog, "Gone", "C", 50_000, "trackdone"),
                musicPlay(user, "2024-05-01T10:20:00Z", null, "Basic", "D", 40_000, null)));

        // unknown = Plain + Gone + Basic: 3 streams, 190 s; pop and dance pop each get all of Happy: 1 stream, 210 s.
        asUser(user).when().get(INSIGHTS + "top-genres")
                .then().statusCode(200)
                .body("genre", contains("dance pop", "pop", "unknown"))
                .body("msPlayed", contains(210_000, 210_000, 190_000))
                .body("streams", contains(1, 1, 3));
        asUser(user).queryParam("by", "streams").when().get(INSIGHTS + "top-genres")
                .then().statusCode(200)
                .body("genre", contains("unknown", "dance pop", "pop"));

        // Only Happy has features: valence 0.9 -> bin 4, energy 0.25 -> bin 1; 2 of 5 records, 1 of 4 tracks.
        asUser(user).when().get(INSIGHTS + "mood")
                .then().statusCode(200)
                .body("bins", equalTo(5))
                .body("cells", hasSize(25))
                .body("cells.find { it.valenceBin == 4 && it.energyBin == 1 }.records", equalTo(2))
                .body("cells.find { it.valenceBin == 4 && it.energyBin == 1 }.msPlayed", equalTo(210_000))
                .body("cells.findAll { it.records > 0 }", hasSize(1))
                .body("meanValence", equalTo(0.9))
                .body("meanEnergy", equalTo(0.25))
                .body("coverage.records", equalTo(5))
                .body("coverage.recordsWithFeatures", equalTo(2))
                .body("coverage.tracks", equalTo(4))
                .body("coverage.tracksWithFeatures", equalTo(1))
                .body("coverage.recordShare", equalTo(0.4));
    }

    @Test
    void moodWithoutAnyFeaturesReportsZeroCoverageAndNoMeans() {
        String user = newUser();
        history().insertOne(musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + randomTrackId(), "X", "Y", 60_000, "trackdone"));

        asUser(user).when().get(INSIGHTS + "mood")
                .then().statusCode(200)
                .body("meanValence", nullValue())
                .body("meanEnergy", nullValue())
                .body("coverage.records", equalTo(1))
                .body("coverage.recordsWithFeatures", equalTo(0))
                .body("coverage.recordShare", equalTo(0.0));
    }

    @Test
    void heatmapPlacesPlaysInTheLocalWeekdayAndHour() {
        String user = newUser();
        // Sunday 2024-03-31 00:30Z is Sunday 01:30 in Berlin (CET, before the 02:00 switch);
        // Sunday 2024-03-31 23:30Z is Monday 01:30 in Berlin (CEST).
        history().insertMany(List.of(
                musicPlay(user, "2024-03-31T00:30:00Z", "spotify:track:" + randomTrackId(), "A", "A", 40_000, "trackdone"),
                musicPlay(user, "2024-03-31T23:30:00Z", "spotify:track:" + randomTrackId(), "B", "B", 20_000, "trackdone")));

        asUser(user).queryParam("tz", "Europe/Berlin").when().get(INSIGHTS + "heatmap")
                .then().statusCode(200)
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("cells", hasSize(168))
                .body("cells[0].weekday", equalTo(1))
                .body("cells[0].hour", equalTo(0))
                .body("cells.find { it.weekday == 7 && it.hour == 1 }.streams", equalTo(1))
                .body("cells.find { it.weekday == 1 && it.hour == 1 }.records", equalTo(1))
                .body("cells.find { it.weekday == 1 && it.hour == 1 }.streams", equalTo(0))
                .body("cells.findAll { it.records > 0 }", hasSize(2));
        asUser(user).when().get(INSIGHTS + "heatmap")
                .then().statusCode(200)
                .body("cells.find { it.weekday == 7 && it.hour == 0 }.records", equalTo(1))
                .body("cells.find { it.weekday == 7 && it.hour == 23 }.records", equalTo(1));
    }

    @Test
    void discoveryCountsFirstPlaysOverTheWholeHistoryButListsOnlyTheWindow() {
        String user = newUser();
        String t1 = "spotify:track:" + randomTrackId();
        String t2 = "spotify:track:" + randomTrackId();
        history().insertMany(List.of(
                musicPlay(user, "2024-01-15T10:00:00Z", t1, "One", "Old Artist", 60_000, "trackdone"),
                musicPlay(user, "2024-02-29T23:30:00Z", t1, "One", "Old Artist", 60_000, "trackdone"),
                musicPlay(user, "2024-02-29T23:40:00Z", t2, "Two", "New Artist", 60_000, "trackdone")));

        // In Berlin the last two plays are on 1 March.
        asUser(user).queryParam("from", "2024-02-01").queryParam("tz", "Europe/Berlin")
                .when().get(INSIGHTS + "discovery")
                .then().statusCode(200)
                .body("month", contains("2024-03"))
                .body("[0].newArtists", equalTo(1))
                .body("[0].newTracks", equalTo(1));
    }

    @Test
    void sessionsSplitAtGapsOfThirtyMinutesNewestFirst() {
        String user = newUser();
        String t = "spotify:track:" + randomTrackId();
        history().insertMany(List.of(
                // 10:00-10:03, then starts 10:32:59 (gap 29:59) -> same session
                musicPlay(user, "2024-05-01T10:03:00Z", t, "T", "A", 180_000, "trackdone"),
                musicPlay(user, "2024-05-01T10:35:59Z", t, "T", "A", 180_000, "trackdone"),
                // starts 11:05:59 exactly 30 min after 10:35:59 -> new session
                musicPlay(user, "2024-05-01T11:08:59Z", t, "T", "A", 180_000, "trackdone")));

        asUser(user).when().get(INSIGHTS + "sessions")
                .then().statusCode(200)
                .body("totalSessions", equalTo(2))
                .body("items[0].start", equalTo("2024-05-01T11:05:59Z"))
                .body("items[0].records", equalTo(1))
                .body("items[1].start", equalTo("2024-05-01T10:00:00Z"))
                .body("items[1].end", equalTo("2024-05-01T10:35:59Z"))
                .body("items[1].records", equalTo(2))
                .body("items[1].msPlayed", equalTo(360_000));
        asUser(user).queryParam("limit", 1).when().get(INSIGHTS + "sessions")
                .then().statusCode(200)
                .body("totalSessions", equalTo(2))
                .body("items", hasSize(1));
    }

    @Test
    void forgottenFavouritesAreWellStreamedTracksSilentForSixMonths() {
        String user = newUser();
        String loved = "spotify:track:" + randomTrackId();
        String barely = "spotify:track:" + randomTrackId();
        String current = "spotify:track:" + randomTrackId();
        List<Document> plays = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            plays.add(musicPlay(user, "2024-01-0" + day + "T10:00:00Z", loved, "Loved", "A", 200_000, "trackdone"));
            plays.add(musicPlay(user, "2024-08-0" + day + "T10:00:00Z", current, "Current", "B", 200_000, "trackdone"));
        }
        for (int day = 1; day <= 4; day++) {
            plays.add(musicPlay(user, "2024-01-0" + day + "T12:00:00Z", barely, "Barely", "C", 200_000, "trackdone"));
        }
        history().insertMany(plays);

        asUser(user).when().get(INSIGHTS + "forgotten-favorites")
                .then().statusCode(200)
                .body("track", contains("Loved"))
                .body("[0].streams", equalTo(5))
                .body("[0].lastPlayedAt", equalTo("2024-01-05T10:00:00Z"));
    }

    @Test
    void yearInReviewHasEveryMonthAndTheYearsTops() {
        String user = newUser();
        String t = "spotify:track:" + randomTrackId();
        history().insertMany(List.of(
                musicPlay(user, "2023-12-31T23:30:00Z", t, "T", "A", 120_000, "trackdone"),
                musicPlay(user, "2024-06-01T10:00:00Z", t, "T", "A", 180_000, "trackdone")));

        // In Berlin the first play is on 1 January 2024.
        asUser(user).queryParam("tz", "Europe/Berlin").when().get(INSIGHTS + "year/2024")
                .then().statusCode(200)
                .body("year", equalTo(2024))
                .body("records", equalTo(2))
                .body("totalMinutes", equalTo(5))
                .body("topArtist.artist", equalTo("A"))
                .body("topTrack.trackUri", equalTo(t))
                .body("topGenre.genre", equalTo("unknown"))
                .body("newArtists", equalTo(1))
                .body("busiestHour.hour", equalTo(12))
                .body("busiestWeekday.weekday", equalTo(6))
                .body("months", hasSize(12))
                .body("months[0].month", equalTo("2024-01"))
                .body("months[0].minutes", equalTo(2))
                .body("months[5].minutes", equalTo(3));
        asUser(user).when().get(INSIGHTS + "year/2024")
                .then().statusCode(200)
                .body("records", equalTo(1));
        asUser(user).when().get(INSIGHTS + "year/1899")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("year"));
    }

    @Test
    void badLimitAndOrderAreRejectedWithTheParameterNamed() {
        asUser(newUser()).queryParam("limit", 0).when().get(INSIGHTS + "top-artists")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
        asUser(newUser()).queryParam("limit", 101).when().get(INSIGHTS + "top-tracks")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        asUser(newUser()).queryParam("by", "popularity").when().get(INSIGHTS + "top-tracks")
                .then().statusCode(400).body("errors[0].field", equalTo("by"));
        asUser(newUser()).queryParam("tz", "Nowhere/Else").when().get(INSIGHTS + "heatmap")
                .then().statusCode(400).body("errors[0].field", equalTo("tz"));
    }

    private static RequestSpecification asUser(String user) {
        // Fractions as doubles so that means and shares compare exactly; whole numbers stay integers.
        return given().header("Authorization", bearer(user))
                .config(RestAssured.config().jsonConfig(JsonConfig.jsonConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)));
    }

}
