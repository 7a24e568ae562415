package io.echotune.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * The recommender's {@code POST /api/v1/recommendations} as its contract says it answers (API.md, docs/recommender.md),
 * over a fixed catalog of {@link #CATALOG_SIZE} tracks in rank order: exactly {@code count} tracks, none of
 * {@code excludeTrackIds} or by an artist of {@code excludeArtists}, each released within {@code era}; fewer when
 * fewer fit, with a {@code shortfall}. Tracks are "Song i" by "Artist i" (every fifth by Drake), energy falling with
 * i, released 1980 + i % 30. The chat tests check what the chat asks; this answers it faithfully.
 */
public final class RecommenderStandIn implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "recommender-stand-in";
    static final int CATALOG_SIZE = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        try {
            JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
            int count = request.path("count").asInt(20);
            Set<String> excludedTracks = new HashSet<>();
            request.path("excludeTrackIds").forEach(id -> excludedTracks.add(id.asText()));
            Set<String> excludedArtists = new HashSet<>();
            request.path("excludeArtists").forEach(a -> excludedArtists.add(a.asText().toLowerCase()));
            int from = request.path("era").path("from").asInt(0);
            int to = request.path("era").path("to").asInt(9999);
            List<Map<String, Object>> tracks = new ArrayList<>();
            for (int i = 1; i <= CATALOG_SIZE && tracks.size() < count; i++) {
                Map<String, Object> t = track(i);
                boolean excluded = excludedTracks.contains(t.get("trackId"))
                        || ((List<?>) t.get("artists")).stream().anyMatch(a -> excludedArtists.contains(((String) a).toLowerCase()))
                        || (int) t.get("releaseYear") < from || (int) t.get("releaseYear") > to;
                if (!excluded) {
                    tracks.add(t);
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("requestId", "req-" + count + "-" + tracks.size());
            answer.put("tracks", tracks);
            if (tracks.size() < count) {
                answer.put("shortfall", Map.of("requested", count, "returned", tracks.size(),
                        "detail", "Only " + tracks.size() + " tracks in the catalog fit this request"));
            }
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(answer)).build();
        } catch (Exception e) {
            return aResponse().withStatus(500).withBody(e.toString()).build();
        }
    }

    static Map<String, Object> track(int i) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("trackId", trackId(i));
        t.put("uri", "spotify:track:" + trackId(i));
        t.put("name", "Song " + i);
        t.put("artists", List.of(i % 5 == 0 ? "Drake" : "Artist " + i));
        t.put("album", "Album " + i);
        t.put("releaseYear", 1980 + i % 30);
        t.put("genres", List.of("indie folk"));
        t.put("features", Map.of("energy", Math.round((0.9 - (i % 40) * 0.02) * 1000) / 1000.0, "valence", 0.6));
        t.put("score", 1.0 - i * 0.005);
        t.put("components", Map.of("taste", 0.5));
        t.put("explanation", "Indie folk, like the artists you play most");
        return t;
    }

    static String trackId(int i) {
        return String.format("4uLU6hMCjMI75M1A2t%04d", i);
    }
}
