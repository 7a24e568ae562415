package io.echotune.llmrouter;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A wanted range of one audio feature (energy, valence, tempo, ...) and the value to aim for inside it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureTarget(Double min, Double max, Double target) {
}
