package io.echotune.llmrouter.client;

import io.echotune.commons.http.RetryAfter;
import io.echotune.llmrouter.ProviderKind;
import io.echotune.llmrouter.ProviderSpec;
import io.echotune.llmrouter.TokenUsage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Calls a provider's chat API once, with its real request and response shapes: OpenAI's {@code POST
 * /chat/completions} (OpenAI, OpenRouter, Gemini's OpenAI-compatible endpoint, Ollama's {@code /v1}, vLLM and other
 * compatible servers) and Anthropic's {@code POST /v1/messages}. No retries here: the router owns the one retry
 * budget, the breakers and the deadline.
 * <p>
 * Why not quarkus-langchain4j: its models are configured per name at build time ({@code quarkus.langchain4j.openai.
 * <name>.*}), while our providers are a runtime list, and langchain4j's own chat models retry internally and turn
 * HTTP errors into exceptions without the status and Retry-After the router needs. A plain non-blocking client keeps
 * every decision in one place.
 */
@ApplicationScoped
public class ProviderClients {

    static final String ANTHROPIC_VERSION = "2023-06-01";

    private final WebClient client;

    public ProviderClients(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("echotune-llm-router")
                .setConnectTimeout(5_000)
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** One call; fails with a {@link ProviderCallException} that says what went wrong. */
    public Uni<ProviderReply> chat(ProviderSpec provider, ChatPrompt prompt, Duration timeout) {
        return provider.kind() == ProviderKind.ANTHROPIC ? anthropic(provider, prompt, timeout) : openAi(provider, prompt, timeout);
    }

    private Uni<ProviderReply> openAi(ProviderSpec provider, ChatPrompt prompt, Duration timeout) {
        JsonArray messages = new JsonArray().add(new JsonObject().put("role", "system").put("content", prompt.system()));
        prompt.messages().forEach(m -> messages.add(new JsonObject().put("role", m.role()).put("content", m.content())));
        JsonObject body = new JsonObject()
                .put("model", provider.model())
                .put("messages", messages)
                .put("temperature", 0)
                .put("max_tokens", prompt.maxTokens());
        if (prompt.json()) {
            body.put("response_format", new JsonObject().put("type", "json_object"));
        }
        HttpRequest<Buffer> request = client.postAbs(provider.baseUrl() + "/chat/completions")
                .timeout(Math.max(1, timeout.toMillis()))
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json");
        if (provider.hasKey()) {
            request.putHeader("Authorization", "Bearer " + provider.apiKey());
        }
        if (provider.kind() == ProviderKind.OPENROUTER) {
            request.putHeader("X-Title", "EchoTune");
        }
        return send(provider, request, body).map(json -> {
            JsonArray choices = json.getJsonArray("choices");
            JsonObject message = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0).getJsonObject("message");
            String content = message == null ? null : message.getString("content");
            if (content == null) {
                throw malformed(provider, "no choices[0].message.content");
            }
            JsonObject usage = json.getJsonObject("usage", new JsonObject());
            return new ProviderReply(content, new TokenUsage(usage.getInteger("prompt_tokens", 0),
                    usage.getInteger("completion_tokens", 0)), json.getString("model", provider.model()));
        });
    }

    private Uni<ProviderReply> anthropic(ProviderSpec provider, ChatPrompt prompt, Duration timeout) {
        JsonArray messages = new JsonArray();
        prompt.messages().forEach(m -> messages.add(new JsonObject().put("role", m.role()).put("content", m.content())));
        // Anthropic has no JSON mode; starting the answer with "{" is its documented way to get JSON only.
        boolean prefill = prompt.json() && !"assistant".equals(prompt.messages().get(prompt.messages().size() - 1).role());
        if (prefill) {
            messages.add(new JsonObject().put("role", "assistant").put("content", "{"));
        }
        JsonObject body = new JsonObject()
                .put("model", provider.model())
                .put("max_tokens", prompt.maxTokens())
                .put("system", prompt.system())
                .put("messages", messages)
                .put("temperature", 0);
        HttpRequest<Buffer> request = client.postAbs(provider.baseUrl() + "/v1/messages")
                .timeout(Math.max(1, timeout.toMillis()))
                .putHeader("Content-Type", "application/json")
                .putHeader("anthropic-version", ANTHROPIC_VERSION);
        if (provider.hasKey()) {
            request.putHeader("x-api-key", provider.apiKey());
        }
        return send(provider, request, body).map(json -> {
            JsonArray content = json.getJsonArray("content");
            StringBuilder text = new StringBuilder(prefill ? "{" : "");
            if (content == null) {
                throw malformed(provider, "no content");
            }
            for (int i = 0; i < content.size(); i++) {
                JsonObject block = content.getJsonObject(i);
                if ("text".equals(block.getString("type"))) {
                    text.append(block.getString("text", ""));
                }
            }
            JsonObject usage = json.getJsonObject("usage", new JsonObject());
            return new ProviderReply(text.toString(), new TokenUsage(usage.getInteger("input_tokens", 0),
                    usage.getInteger("output_tokens", 0)), json.getString("model", provider.model()));
        });
    }

    private Uni<JsonObject> send(ProviderSpec provider, HttpRequest<Buffer> request, JsonObject body) {
        return request.sendJsonObject(body)
                .onFailure().transform(e -> transportFailure(provider, e))
                .map(response -> {
                    int status = response.statusCode();
                    if (status == 429) {
                        throw new ProviderCallException(ProviderCallException.Failure.RATE_LIMITED, status,
                                retryAfter(response), provider.name() + " is rate limiting (429)", null);
                    }
                    if (status >= 500) {
                        throw new ProviderCallException(ProviderCallException.Failure.SERVER_ERROR, status,
                                retryAfter(response), provider.name() + " failed with " + status, null);
                    }
                    if (status >= 300) {
                        throw new ProviderCallException(ProviderCallException.Failure.REJECTED, status, null,
                                provider.name() + " refused the request with " + status, null);
                    }
                    try {
                        return response.bodyAsJsonObject();
                    } catch (DecodeException | ClassCastException e) {
                        throw malformed(provider, "the body is not a JSON object");
                    }
                })
                .map(json -> {
                    if (json == null) {
                        throw malformed(provider, "empty body");
                    }
                    return json;
                });
    }

    private static ProviderCallException transportFailure(ProviderSpec provider, Throwable e) {
        if (e instanceof ProviderCallException known) {
            return known;
        }
        if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
            return new ProviderCallException(ProviderCallException.Failure.TIMEOUT, null, null,
                    provider.name() + " did not answer in time", e);
        }
        boolean connect = e instanceof ConnectException || e.getCause() instanceof ConnectException;
        return new ProviderCallException(ProviderCallException.Failure.CONNECTION, null, null,
                provider.name() + (connect ? " refused the connection" : " connection failed: " + e.getMessage()), e);
    }

    private static ProviderCallException malformed(ProviderSpec provider, String what) {
        return new ProviderCallException(ProviderCallException.Failure.MALFORMED_RESPONSE,
                provider.name() + " answered with a malformed response: " + what);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<Buffer> response) {
        return RetryAfter.parse(response.getHeader("Retry-After"));
    }
}
