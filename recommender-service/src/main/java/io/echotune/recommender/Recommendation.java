package io.echotune.recommender;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/recommendations}. {@code requestId} is derived from the user, the request and the
 * model state (same question, same data: same id), so feedback can name the answer it is about. {@code shortfall} is
 * there only when fewer tracks than asked for fit the request.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendation(String requestId, List<RecommendedTrack> tracks, InterpretationSummary interpretation,
                             Shortfall shortfall) {
}
