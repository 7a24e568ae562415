package io.echotune.llmrouter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.echotune.llmrouter.Entities;
import io.echotune.llmrouter.FeatureTarget;
import io.echotune.llmrouter.Intent;
import io.echotune.llmrouter.InterpretResult;
import io.echotune.llmrouter.Interpretation;
import io.echotune.llmrouter.Novelty;
import io.echotune.llmrouter.Refinement;
import io.echotune.llmrouter.TokenUsage;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/** The reading as API.md "Language" shapes it, plus the model, prompt version, fallback attempts and tokens. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterpretResponse(Intent intent, Entities entities, Integer count, Map<String, FeatureTarget> targets,
                                Novelty novelty, String playlistName, Refinement refinement, String providerUsed,
                                String model, long latencyMs, String promptVersion, int fallbackAttempts,
                                TokenUsage tokens, boolean cached) {

    static InterpretResponse of(InterpretResult result) {
        Interpretation r = result.interpretation();
        return new InterpretResponse(r.intent(), r.entities(), r.count(), r.targets(), r.novelty(), r.playlistName(),
                r.refinement(), result.providerUsed(), result.model(), result.latencyMs(), result.promptVersion(),
                result.fallbackAttempts(), result.tokens(), result.cached());
    }
}
