package io.echotune.llmrouter;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.LocalDate;

/**
 * A span of time a message names ("90s", "last summer", "in 2023"), as the inclusive dates {@code from} and
 * {@code to}; {@code text} is the phrase it was read from. Relative spans are resolved against the service clock.
 */
@RegisterForReflection
public record Era(String text, LocalDate from, LocalDate to) {
}
