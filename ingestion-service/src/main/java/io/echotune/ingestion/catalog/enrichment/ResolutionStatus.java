package io.echotune.ingestion.catalog.enrichment;

/** What enrichment concluded about a track key (stored in {@code echotune.track_resolutions} and per import). */
public enum ResolutionStatus {
    /** Audio features were found: in the catalog, or from a provider. */
    RESOLVED,
    /** Nothing was found; the reason is recorded. Nothing is ever invented instead. */
    UNRESOLVED
}
