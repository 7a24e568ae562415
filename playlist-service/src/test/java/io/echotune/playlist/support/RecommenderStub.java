package io.echotune.playlist.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The recommender's {@code POST /api/v1/recommendations} at the HTTP level, with its real response shape
 * (recommender-service Recommendation: requestId, tracks [{trackId, uri, name, artists, album, genres, features,
 * score, components, explanation, evidence}], interpretation), ranking the {@link TestCatalog} by a rule a test can
 * predict: "upbeat" ranks by energy (highest first), "no vocals" keeps instrumental tracks only, anything else keeps
 * catalog order. It answers exactly {@code count} tracks (default 20). A prompt containing {@link #DOWN} gets a 503;
 * a call without a bearer token a 401.
 * <p>
 * And its internal {@code POST /internal/v1/played-tracks}: of the ids asked, the ones "the caller played" outside the
 * catalog, {@link #PLAYED_BY_NAME} (a basic export's track: a name key, no URI) and {@link #PLAYED_WITH_ID}, in the
 * recommender's shape (trackId, uri, name, artists, album).
 */
public final class RecommenderStub implements ResponseDefinitionTransformerV2 {

    public static final String PATH = "/api/v1/recommendations";
    public static final String DOWN = "while the recommender is down";
    public static final String PLAYED_PATH = "/internal/v1/played-tracks";
    public static final String PLAYED_BY_NAME = "name:nick drake|pink moon";
    public static final String PLAYED_WITH_ID = "0000000000000000Played";
    private static final ObjectMapper JSON = new ObjectMapper();

    static void install(WireMockServer recommender) {
        recommender.stubFor(post(urlEqualTo(PATH)).atPriority(10)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"urn:echotune:problem:unauthorized\",\"status\":401}")));
        recommender.stubFor(post(urlEqualTo(PATH)).atPriority(5).withHeader("Authorization", matching("Bearer .+"))
                .willReturn(aResponse().withTransformers("recommender-ranking")));
        recommender.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(DOWN))
                .willReturn(aResponse().withStatus(503)));
        recommender.stubFor(post(urlEqualTo(PLAYED_PATH)).atPriority(5).withHeader("Authorization", matching("Bearer .+"))
                .willReturn(aResponse().withTransformers("recommender-ranking")));
    }

    @Override
    public String getName() {
        return "recommender-ranking";
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        try {
            JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
            if (event.getRequest().getUrl().equals(PLAYED_PATH)) {
                return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(played(request.path("trackIds"))).build();
            }
            String prompt = request.path("prompt").asText("").toLowerCase(Locale.ROOT);
            int count = request.path("count").asInt(20);
            List<Integer> ranked = new ArrayList<>();
            for (int i = 1; i <= TestCatalog.SIZE; i++) {
                if (!prompt.contains("no vocals") || TestCatalog.instrumental(i)) {
                    ranked.add(i);
                }
            }
            if (prompt.contains("upbeat")) {
                ranked.sort(Comparator.comparingDouble(TestCatalog::energy).reversed());
            }
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(answer(prompt, count, ranked.subList(0, Math.min(count, ranked.size())))).build();
        } catch (Exception e) {
            return new ResponseDefinition(500, e.toString());
        }
    }

    private static String played(JsonNode asked) throws com.fasterxml.jackson.core.JsonProcessingException {
        ArrayNode found = JSON.createArrayNode();
        for (JsonNode id : asked) {
            if (PLAYED_BY_NAME.equals(id.asText())) {
                ObjectNode t = found.addObject().put("trackId", PLAYED_BY_NAME).putNull("uri").put("name", "Pink Moon")
                        .put("album", "Pink Moon");
                t.putArray("artists").add("Nick Drake");
            } else if (PLAYED_WITH_ID.equals(id.asText())) {
                ObjectNode t = found.addObject().put("trackId", PLAYED_WITH_ID).put("uri", "spotify:track:" + PLAYED_WITH_ID)
                        .put("name", "River Man").put("album", "Five Leaves Left");
                t.putArray("artists").add("Nick Drake");
            }
        }
        return JSON.writeValueAsString(found);
    }

    /** The recommender's answer (its real shape) ranking the given {@link TestCatalog} tracks in this order. */
    public static String answer(String prompt, int count, List<Integer> ranked) {
        try {
            ObjectNode answer = JSON.createObjectNode().put("requestId", "req-" + Math.abs(prompt.hashCode()));
            ArrayNode tracks = answer.putArray("tracks");
            for (int i : ranked) {
                ObjectNode t = tracks.addObject().put("trackId", TestCatalog.id(i))
                        .put("uri", "spotify:track:" + TestCatalog.id(i)).put("name", TestCatalog.name(i))
                        .put("album", TestCatalog.album(i));
                TestCatalog.artists(i).forEach(t.putArray("artists")::add);
                t.putArray("genres").add("indie");
                t.putObject("features").put("energy", TestCatalog.energy(i))
                        .put("instrumentalness", TestCatalog.instrumental(i) ? 0.9 : 0.02);
                t.put("score", 1.0 - (double) tracks.size() / 1000);
                t.putObject("components").put("taste", 0.5);
                t.put("explanation", "Energy " + TestCatalog.energy(i) + " matches the request");
                t.putArray("evidence");
            }
            answer.putObject("interpretation").put("source", "structured").put("count", count);
            return JSON.writeValueAsString(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
