package io.echotune.llmrouter;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One provider as the router sees it, in routing order. {@code usable} says whether the router may call it;
 * when it may not, {@code reason} says why. {@code lastLatencyMs} is null until a call has been made.
 */
@RegisterForReflection
public record ProviderStatus(String name, String kind, String model, boolean usable, CircuitState circuit,
                             Long lastLatencyMs, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
}
