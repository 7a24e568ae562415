package io.echotune.llmrouter;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * How a message changes the previous request: {@code adjust} moves audio features by a signed amount ("calmer" is
 * energy -0.2, "slower" is tempo -15 BPM), {@code excludeArtists}/{@code excludeGenres} drop what the user no longer
 * wants ("no more Coldplay"), {@code seedPosition} names the 1-based position in the previous answer to use as a
 * seed ("more like the second one"; -1 is the last one), and {@code excludeShown} says the message asks for more
 * tracks than those already shown ("10 more", "more like the third one", "other ones"): nothing shown before should
 * come back. Absent (not false) when the message does not ask for more.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Refinement(Map<String, Double> adjust, List<String> excludeArtists, List<String> excludeGenres,
                         Integer seedPosition, Boolean excludeShown) {

    public Refinement {
        adjust = adjust == null ? Map.of() : Map.copyOf(adjust);
        excludeArtists = excludeArtists == null ? List.of() : List.copyOf(excludeArtists);
        excludeGenres = excludeGenres == null ? List.of() : List.copyOf(excludeGenres);
        excludeShown = Boolean.TRUE.equals(excludeShown) ? Boolean.TRUE : null;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return adjust.isEmpty() && excludeArtists.isEmpty() && excludeGenres.isEmpty() && seedPosition == null
                && excludeShown == null;
    }
}
