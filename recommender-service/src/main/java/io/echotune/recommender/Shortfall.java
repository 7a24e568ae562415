package io.echotune.recommender;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Said when fewer tracks than asked for fit the request: its bounds (release years, feature min/max, exclusions) are
 * a contract, so the answer is shorter rather than filled with tracks outside them. {@code detail} names the bounds.
 */
@RegisterForReflection
public record Shortfall(int requested, int returned, String detail) {
}
