package io.echotune.recommender;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Release years a recommendation was bounded to, inclusive (API.md "Recommendations", {@code era}). */
@RegisterForReflection
public record ReleaseYears(int from, int to) {
}
