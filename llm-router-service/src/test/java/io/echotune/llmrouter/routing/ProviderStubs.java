package io.echotune.llmrouter.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** Provider responses in the real OpenAI and Anthropic shapes, and the readings they carry. */
final class ProviderStubs {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A valid reading as a remote model would write it (interpret.v2 schema). */
    static final String CALM_FOLK_READING = """
            {"intent": "recommend",
             "entities": {"artists": ["Bon Iver"], "tracks": [], "genres": ["folk"], "moods": ["calm"],
                          "activities": [], "era": null, "timeOfDay": "evening"},
             "count": 15,
             "targets": {"energy": {"min": 0.1, "max": 0.4, "target": 0.25}},
             "novelty": null, "playlistName": null, "refinement": null}""";
    static final String PROMPT = "15 calm folk songs like Bon Iver for the evening";

    private ProviderStubs() {
    }

    static MappingBuilder chatCompletions(String provider) {
        return post(urlEqualTo("/" + provider + "/v1/chat/completions"));
    }

    static MappingBuilder anthropicMessages(String provider) {
        return post(urlEqualTo("/" + provider + "/v1/messages"));
    }

    /** A 200 chat completion whose message content is {@code content}. */
    static ResponseDefinitionBuilder openAiAnswer(String model, String content) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
        body.put("object", "chat.completion");
        body.put("created", 1741570283);
        body.put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", 812);
        usage.put("completion_tokens", 64);
        usage.put("total_tokens", 876);
        body.put("service_tier", "default");
        body.put("system_fingerprint", "fp_06737a9306");
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    /** A 200 Messages API answer; the router prefilled "{", so the text continues after it. */
    static ResponseDefinitionBuilder anthropicAnswer(String model, String continuation) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "msg_013Zva2CMHLNnXjNJJKqJ2EF");
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", model);
        ObjectNode text = body.putArray("content").addObject();
        text.put("type", "text");
        text.put("text", continuation);
        body.put("stop_reason", "end_turn");
        body.putNull("stop_sequence");
        ObjectNode usage = body.putObject("usage");
        usage.put("input_tokens", 700);
        usage.put("output_tokens", 60);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    static ResponseDefinitionBuilder openAiError(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":null}}");
    }
}
