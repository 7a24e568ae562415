package io.echotune.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.chat.Reading;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which insights call answers a question, in which window and zone, and the figures read from its answer. */
class InsightQueriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Reading insight(String eraText, LocalDate from, LocalDate to) {
        Reading.Entities entities = new Reading.Entities(null, null, null, null, null,
                eraText == null ? null : new Reading.Era(eraText, from, to), null);
        return new Reading("insight", entities, null, null, null, null, null, "local", null, 0, null, 0, null);
    }

    @Test
    void hoursInAYearAskTheSummaryForThatYearInTheUsersZone() {
        InsightQueries.Query query = InsightQueries.plan("how many hours did I listen in 2019?",
                insight("2019", LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31)), BERLIN);
        assertEquals("summary", query.endpoint());
        assertEquals(Map.of("from", "2019-01-01", "to", "2020-01-01", "tz", "Europe/Berlin"), query.parameters());
    }

    @Test
    void questionsPickTheirEndpoint() {
        Reading none = insight(null, null, null);
        assertEquals("top-tracks", InsightQueries.plan("what did I play most last summer?", none, BERLIN).endpoint());
        assertEquals("heatmap", InsightQueries.plan("when do I listen most?", none, BERLIN).endpoint());
        assertEquals("discovery", InsightQueries.plan("what did I discover this year?", none, BERLIN).endpoint());
        assertEquals("top-artists", InsightQueries.plan("who are my top artists?", none, BERLIN).endpoint());
        assertEquals("top-genres", InsightQueries.plan("my favourite genres", none, BERLIN).endpoint());
        assertEquals("5", InsightQueries.plan("my top songs", none, BERLIN).parameters().get("limit"));
    }

    @Test
    void figuresAreReadFromTheAnswer() throws Exception {
        JsonNode summary = JSON.readTree("{\"records\": 812, \"streams\": 640, \"msPlayed\": 151200000}");
        Map<String, Object> figures = InsightQueries.figures(new InsightQueries.Query("summary", Map.of()),
                insight(null, null, null), summary);
        assertEquals(Map.of("hours played", 42.0, "streams", 640L, "plays", 812L), figures);

        JsonNode heatmap = JSON.readTree("{\"cells\": [{\"weekday\": 7, \"hour\": 21, \"streams\": 30, \"msPlayed\": 1},"
                + "{\"weekday\": 1, \"hour\": 21, \"streams\": 5, \"msPlayed\": 1},"
                + "{\"weekday\": 1, \"hour\": 8, \"streams\": 20, \"msPlayed\": 1}]}");
        Map<String, Object> busiest = InsightQueries.figures(new InsightQueries.Query("heatmap", Map.of()),
                insight(null, null, null), heatmap);
        assertEquals("21:00-22:00", busiest.get("busiest hour"));
        assertEquals(35L, busiest.get("streams in that hour"));
        assertEquals("Sunday", busiest.get("busiest day"));
    }
}
