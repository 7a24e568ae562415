package io.echotune.recommender;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * One recommended track: catalog facts ({@code releaseYear} null when the catalog does not know it), the {@code score} (the sum of {@code components}, each a weighted
 * contribution: taste, context, semantic, collaborative, novelty, popularity, diversity), an {@code explanation} that
 * states only facts from the data, and those facts as {@code evidence}.
 */
@RegisterForReflection
public record RecommendedTrack(String trackId, String uri, String name, List<String> artists, String album,
                               Integer releaseYear, List<String> genres, Map<String, Double> features, double score,
                               Map<String, Double> components, String explanation, List<Evidence> evidence) {
}
