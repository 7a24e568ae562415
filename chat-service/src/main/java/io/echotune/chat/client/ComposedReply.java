package io.echotune.chat.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.echotune.chat.Reading;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The LLM router's compose answer: the reply and how it was written. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComposedReply(String reply, String providerUsed, String model, long latencyMs, String promptVersion,
                            int fallbackAttempts, Reading.Tokens tokens) {
}
