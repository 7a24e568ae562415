package io.echotune.insights.repository;

import java.util.List;

/**
 * What insights read from a catalog track ({@code tracks}): its genres (possibly empty) and, when the catalog has
 * them as numbers, {@code features.valence} and {@code features.energy} (0..1).
 */
public record CatalogFacts(List<String> genres, Double valence, Double energy) {

    public boolean hasMood() {
        return valence != null && energy != null;
    }
}
