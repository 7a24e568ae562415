package io.echotune.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.chat.Reading;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which insights endpoint answers a question, with which window, and the figures the reply states, each read
 * from the endpoint's answer (nothing computed beyond sums, maxima and a unit change, all shown with their source).
 */
final class InsightQueries {

    /** One call to the insights service: endpoint and query parameters. */
    record Query(String endpoint, Map<String, String> parameters) {
    }

    private static final Pattern TIME = Pattern.compile("\\b(hours?|minutes?|how long|how much time|time did i)\\b");
    private static final Pattern WHEN = Pattern.compile("\\b(when do i|when did i|what time|which day|what day|what hour|which hour|time of day)\\b");
    private static final Pattern DISCOVERY = Pattern.compile("\\b(discover\\w*|new artists?|new music|new songs?|new tracks?|found)\\b");
    private static final Pattern GENRES = Pattern.compile("\\bgenres?\\b");
    private static final Pattern ARTISTS = Pattern.compile("\\b(artists?|bands?|who)\\b");
    private static final Pattern TRACKS = Pattern.compile("\\b(songs?|tracks?|play(ed)? (the )?most|listen(ed)? to (the )?most|most played|on repeat)\\b");
    private static final int TOP = 5;
    private static final double MS_PER_HOUR = 3_600_000d;

    private InsightQueries() {
    }

    static Query plan(String text, Reading reading, ZoneId zone) {
        String lower = text.toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        Reading.Era era = reading.entities().era();
        if (era != null && era.from() != null) {
            parameters.put("from", era.from().toString());
        }
        if (era != null && era.to() != null) {
            parameters.put("to", era.to().plusDays(1).toString()); // the era's end is inclusive, the API's `to` is not
        }
        parameters.put("tz", zone.getId());
        String endpoint;
        if (TIME.matcher(lower).find()) {
            endpoint = "summary";
        } else if (WHEN.matcher(lower).find()) {
            endpoint = "heatmap";
        } else if (DISCOVERY.matcher(lower).find()) {
            endpoint = "discovery";
        } else if (GENRES.matcher(lower).find()) {
            endpoint = "top-genres";
        } else if (ARTISTS.matcher(lower).find()) {
            endpoint = "top-artists";
        } else if (TRACKS.matcher(lower).find()) {
            endpoint = "top-tracks";
        } else {
            endpoint = "summary";
        }
        if (endpoint.startsWith("top-")) {
            parameters.put("limit", String.valueOf(TOP));
        }
        return new Query(endpoint, parameters);
    }

    /** The figures a reply states, labelled for people; the period first when the question named one. */
    static Map<String, Object> figures(Query query, Reading reading, JsonNode data) {
        Map<String, Object> figures = new LinkedHashMap<>();
        Reading.Era era = reading.entities().era();
        if (era != null && era.from() != null && era.to() != null) {
            figures.put("period", era.text() + " (" + era.from() + " to " + era.to() + ")");
        }
        switch (query.endpoint()) {
            case "summary" -> {
                figures.put("hours played", hours(data.path("msPlayed").asLong()));
                figures.put("streams", data.path("streams").asLong());
                figures.put("plays", data.path("records").asLong());
            }
            case "top-tracks" -> top(figures, data, "most played track",
                    item -> item.path("track").asText() + " by " + item.path("artist").asText());
            case "top-artists" -> top(figures, data, "most played artist", item -> item.path("artist").asText());
            case "top-genres" -> top(figures, data, "most played genre", item -> item.path("genre").asText());
            case "heatmap" -> busiest(figures, data.path("cells"));
            case "discovery" -> discovery(figures, data);
            default -> throw new IllegalArgumentException(query.endpoint());
        }
        return figures;
    }

    private static void top(Map<String, Object> figures, JsonNode list, String label,
                            java.util.function.Function<JsonNode, String> name) {
        if (!list.isArray() || list.isEmpty()) {
            figures.put("plays in that period", 0);
            return;
        }
        JsonNode first = list.get(0);
        figures.put(label, name.apply(first));
        figures.put("streams", first.path("streams").asLong());
        figures.put("hours played", hours(first.path("msPlayed").asLong()));
        if (list.size() > 1) {
            figures.put("next", name.apply(list.get(1)));
        }
    }

    private static void busiest(Map<String, Object> figures, JsonNode cells) {
        long[] byHour = new long[24];
        long[] byWeekday = new long[8];
        for (JsonNode cell : cells) {
            byHour[cell.path("hour").asInt()] += cell.path("streams").asLong();
            byWeekday[cell.path("weekday").asInt()] += cell.path("streams").asLong();
        }
        int hour = 0;
        for (int h = 1; h < 24; h++) {
            hour = byHour[h] > byHour[hour] ? h : hour;
        }
        int weekday = 1;
        for (int d = 2; d <= 7; d++) {
            weekday = byWeekday[d] > byWeekday[weekday] ? d : weekday;
        }
        if (byHour[hour] == 0) {
            figures.put("streams", 0);
            return;
        }
        figures.put("busiest hour", String.format("%02d:00-%02d:00", hour, (hour + 1) % 24));
        figures.put("streams in that hour", byHour[hour]);
        figures.put("busiest day", DayOfWeek.of(weekday).getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        figures.put("streams on that day", byWeekday[weekday]);
    }

    private static void discovery(Map<String, Object> figures, JsonNode months) {
        long artists = 0;
        long tracks = 0;
        String bestMonth = null;
        long best = 0;
        for (JsonNode month : months) {
            artists += month.path("newArtists").asLong();
            tracks += month.path("newTracks").asLong();
            if (month.path("newArtists").asLong() > best) {
                best = month.path("newArtists").asLong();
                bestMonth = month.path("month").asText();
            }
        }
        figures.put("new artists", artists);
        figures.put("new tracks", tracks);
        if (bestMonth != null) {
            figures.put("month with the most new artists", bestMonth);
        }
    }

    private static double hours(long msPlayed) {
        return Math.round(msPlayed / MS_PER_HOUR * 10) / 10.0;
    }
}
