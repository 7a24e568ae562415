package io.echotune.ingestion.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A load of track catalog CSV files into MongoDB (GET /api/v1/admin/catalog/loads/{loadId}). {@code tracks},
 * {@code artists} and {@code trackNames} are what the files hold (distinct track ids, artists, name keys);
 * the {@code ...Written} counts are the documents this load had to write (missing or different), so loading the
 * same catalog again writes nothing. {@code catalogVersion} is the version the completed load gave the catalog.
 */
@RegisterForReflection
public record CatalogLoad(UUID loadId, Status status, String source, String directory, List<CatalogFile> files,
                          long tracks, long artists, long trackNames, long tracksWritten, long artistsWritten,
                          long trackNamesWritten, Long catalogVersion, String failure, Instant createdAt,
                          Instant finishedAt) {

    public enum Status {
        RUNNING, COMPLETED, FAILED
    }

    /** What one file gave: {@code rows = accepted + rejected}; the first 100 rejected rows with their reason. */
    @RegisterForReflection
    public record CatalogFile(String file, String layout, long rows, long accepted, long rejected,
                              List<RowError> errors) {
    }

    @RegisterForReflection
    public record RowError(long row, String reason) {
    }

    /** The 202 answer to a load request. */
    @RegisterForReflection
    public record Accepted(UUID loadId, Status status) {
    }

    /**
     * GET /api/v1/admin/catalog: the catalog version document ({@code catalog_meta}; version 0 before the first
     * load), the directory this instance loads, and the load running now, if any.
     */
    @RegisterForReflection
    public record Catalog(long version, long tracks, long artists, Instant loadedAt, String directory,
                          UUID runningLoadId) {
    }
}
