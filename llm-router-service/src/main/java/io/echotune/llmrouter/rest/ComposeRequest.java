package io.echotune.llmrouter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /api/v1/llm/compose}: what happened ({@code facts}), the intent it answers, an optional provider. */
@RegisterForReflection
public record ComposeRequest(JsonNode facts, String intent, String provider) {
}
