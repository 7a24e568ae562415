package io.echotune.llmrouter.rest;

import io.echotune.llmrouter.Turn;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code POST /api/v1/llm/interpret}: one chat message, the recent turns before it (oldest first), and optionally the
 * provider the user prefers (the chat service passes the user's preference here or in the
 * {@value InterpretResource#PROVIDER_HEADER} header).
 */
@RegisterForReflection
public record InterpretRequest(String text, List<Turn> context, String provider) {
}
