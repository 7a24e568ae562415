package io.echotune.insights.service;

/**
 * How far the track catalog has changed: the version of its last bulk load ({@code catalog_meta.version}, bumped by
 * the catalog loader after writing {@code tracks}) and the single-track changes announced since the Redis counter of
 * {@code changesEpoch} began ({@code track.features-resolved}). Anything derived from the catalog under one
 * generation is valid for requests that see that generation or an older one.
 */
record CatalogGeneration(long loadVersion, String changesEpoch, long trackChanges) {

    /** Data read under this generation reflects every change {@code other} does. */
    boolean covers(CatalogGeneration other) {
        return changesEpoch.equals(other.changesEpoch) && loadVersion >= other.loadVersion
                && trackChanges >= other.trackChanges;
    }

    /**
     * Part of a cached answer's tag (a new epoch restarts at small counts, but then Redis has lost the old entries
     * too).
     */
    String key() {
        return loadVersion + "." + trackChanges;
    }
}
