package io.echotune.recommender.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The LLM router's {@code POST /api/v1/llm/interpret}, stubbed with the real response shape (llm-router-service's
 * InterpretResponse: intent, entities, count, targets, novelty, refinement, providerUsed, model, latencyMs,
 * promptVersion, fallbackAttempts, tokens, cached; null fields omitted) and the readings its offline interpreter gives
 * for these prompts. A prompt containing {@link #DOWN} gets a dropped connection.
 */
public final class RouterStub {

    public static final String PATH = "/api/v1/llm/interpret";
    public static final String JAZZ_PROMPT = "something calm and jazzy for a rainy afternoon";
    public static final String RUN_PROMPT = "give me 12 upbeat songs for my morning run";
    public static final String ARTIST_PROMPT = "more like Phoebe Bridgers";
    public static final String NINETIES_PROMPT = "recommend me some 90s hip hop";
    public static final String SEASON_PROMPT = "songs that sound like last summer";
    public static final String DOWN = "while the router is down";
    /** Issue 22's prompt; the reading below is the offline interpreter's, word for word (genre acoustic, mood calm). */
    public static final String CALM_ACOUSTIC_PROMPT = "calm acoustic songs for a rainy afternoon";
    public static final String WORKOUT_PROMPT = "hard workout";

    private static final String TAIL = "\"providerUsed\": \"local\", \"model\": \"echotune-local\", \"latencyMs\": 1, "
            + "\"promptVersion\": \"local/lexicon-2026-11.1\", \"fallbackAttempts\": 0, "
            + "\"tokens\": {\"input\": 0, \"output\": 0}, \"cached\": false}";

    private RouterStub() {
    }

    static void install(WireMockServer router) {
        // default: a recommendation request naming nothing the lexicon or gazetteer knows
        router.stubFor(post(urlEqualTo(PATH)).atPriority(10).willReturn(json("{\"intent\": \"recommend\", "
                + "\"entities\": {\"artists\": [], \"tracks\": [], \"genres\": [], \"moods\": [], \"activities\": [], "
                + "\"era\": null, \"timeOfDay\": null}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(JAZZ_PROMPT))
                .willReturn(json("{\"intent\": \"recommend\", \"entities\": {\"artists\": [], \"tracks\": [], "
                        + "\"genres\": [\"jazz\"], \"moods\": [\"calm\"], \"activities\": [], \"era\": null, "
                        + "\"timeOfDay\": \"afternoon\"}, \"targets\": {\"energy\": {\"min\": 0.4, \"max\": 0.4, "
                        + "\"target\": 0.4}, \"tempo\": {\"min\": 60.0, \"max\": 110.0, \"target\": 85.0}, "
                        + "\"acousticness\": {\"min\": 0.4, \"max\": 1.0, \"target\": 0.7}}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(RUN_PROMPT))
                .willReturn(json("{\"intent\": \"recommend\", \"entities\": {\"artists\": [], \"tracks\": [], "
                        + "\"genres\": [], \"moods\": [\"upbeat\"], \"activities\": [\"running\"], \"era\": null, "
                        + "\"timeOfDay\": \"morning\"}, \"count\": 12, \"targets\": {\"energy\": {\"min\": 0.7, "
                        + "\"max\": 0.8, \"target\": 0.72}, \"tempo\": {\"min\": 150.0, \"max\": 185.0, \"target\": 165.0}, "
                        + "\"valence\": {\"min\": 0.6, \"max\": 1.0, \"target\": 0.7}, \"danceability\": {\"min\": 0.55, "
                        + "\"max\": 1.0, \"target\": 0.7}}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(ARTIST_PROMPT))
                .willReturn(json("{\"intent\": \"recommend\", \"entities\": {\"artists\": [\"Phoebe Bridgers\"], "
                        + "\"tracks\": [], \"genres\": [], \"moods\": [], \"activities\": [], \"era\": null, "
                        + "\"timeOfDay\": null}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(NINETIES_PROMPT))
                .willReturn(json("{\"intent\": \"recommend\", \"entities\": {\"artists\": [], \"tracks\": [], "
                        + "\"genres\": [\"hip-hop\"], \"moods\": [], \"activities\": [], \"era\": {\"text\": \"90s\", "
                        + "\"from\": \"1990-01-01\", \"to\": \"1999-12-31\"}, \"timeOfDay\": null}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(SEASON_PROMPT))
                .willReturn(json("{\"intent\": \"recommend\", \"entities\": {\"artists\": [], \"tracks\": [], "
                        + "\"genres\": [], \"moods\": [], \"activities\": [], \"era\": {\"text\": \"last summer\", "
                        + "\"from\": \"2026-06-01\", \"to\": \"2026-08-31\"}, \"timeOfDay\": null}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(CALM_ACOUSTIC_PROMPT))
                .willReturn(json("{\"intent\": \"recommend\", \"entities\": {\"artists\": [], \"tracks\": [], "
                        + "\"genres\": [\"acoustic\"], \"moods\": [\"calm\"], \"activities\": [], \"era\": null, "
                        + "\"timeOfDay\": \"afternoon\"}, \"targets\": {\"tempo\": {\"min\": 60.0, \"max\": 110.0, "
                        + "\"target\": 85.0}, \"energy\": {\"min\": 0.4, \"max\": 0.4, \"target\": 0.4}, "
                        + "\"acousticness\": {\"min\": 0.4, \"max\": 1.0, \"target\": 0.7}}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(WORKOUT_PROMPT))
                .willReturn(json("{\"intent\": \"recommend\", \"entities\": {\"artists\": [], \"tracks\": [], "
                        + "\"genres\": [], \"moods\": [], \"activities\": [\"workout\"], \"era\": null, "
                        + "\"timeOfDay\": null}, \"targets\": {\"tempo\": {\"min\": 120.0, \"max\": 180.0, "
                        + "\"target\": 140.0}, \"energy\": {\"min\": 0.75, \"max\": 1.0, \"target\": 0.88}, "
                        + "\"danceability\": {\"min\": 0.5, \"max\": 1.0, \"target\": 0.7}}, " + TAIL)));
        router.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing(DOWN))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
