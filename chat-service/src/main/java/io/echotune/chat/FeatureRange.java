package io.echotune.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A wanted range of one audio feature in its own units and a value to aim for. The recommender treats {@code min}
 * and {@code max} as hard bounds and {@code target} as a preference.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeatureRange(Double min, Double max, Double target) {
}
