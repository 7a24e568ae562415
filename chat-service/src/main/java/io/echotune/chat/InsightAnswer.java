package io.echotune.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * What an insight turn asked the insights service and what it answered: {@code endpoint} and {@code query} (the
 * exact call, so anyone can repeat it), {@code data} as returned, and {@code figures}, the values the reply states,
 * each read from {@code data}.
 */
@RegisterForReflection
public record InsightAnswer(String endpoint, Map<String, String> query, JsonNode data, Map<String, Object> figures) {
}
