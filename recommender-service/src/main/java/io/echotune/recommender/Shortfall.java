package io.echotune.recommender;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Said when fewer tracks than asked for fit the request: its bounds (release years, feature ranges, genres,
 * exclusions) are a contract, so the answer is shorter rather than filled with tracks outside them. {@code detail}
 * names the bounds and the relaxation steps taken (docs/recommender.md, "The request is a contract").
 */
@RegisterForReflection
public record Shortfall(int requested, int returned, String detail) {
}
