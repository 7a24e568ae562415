package io.echotune.llmrouter;

/** The state of a provider's circuit breaker, as the public API names it. */
public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN
}
