package io.echotune.llmrouter;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * The structured reading of one chat message, whoever produced it (a remote provider or the offline interpreter).
 * Optional parts are null when the message does not say them.
 */
@RegisterForReflection
public record Interpretation(Intent intent, Entities entities, Integer count, Map<String, FeatureTarget> targets,
                             Novelty novelty, String playlistName, Refinement refinement) {

    /** Counts the public API accepts for a recommendation or a playlist. */
    public static final int MIN_COUNT = 1;
    public static final int MAX_COUNT = 100;

    public Interpretation {
        entities = entities == null ? Entities.none() : entities;
        targets = targets == null || targets.isEmpty() ? null : Map.copyOf(targets);
        refinement = refinement == null || refinement.isEmpty() ? null : refinement;
    }
}
