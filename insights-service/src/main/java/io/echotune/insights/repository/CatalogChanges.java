package io.echotune.insights.repository;

/**
 * How many single-track catalog changes ({@code track.features-resolved}) were announced since the counter began,
 * and which counter that is: a new epoch means the count started over (Redis lost it), so no earlier count compares.
 */
public record CatalogChanges(String epoch, long count) {

    public static final CatalogChanges NONE = new CatalogChanges("", 0);
}
