package io.echotune.ingestion.imports;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import as its owner sees it (GET /api/v1/imports/{importId}). Until the import is COMPLETED,
 * recordsStored and duplicates are 0 and recordsWritten shows the writer's progress;
 * once COMPLETED, recordsRead = recordsStored + duplicates + rejected, for the import and for each file.
 * {@code enrichment} is the coverage of the import's unique music tracks by the enrichment workers, which goes on
 * after the import completed.
 */
@RegisterForReflection
public record ImportJob(UUID importId, ImportStatus status, long recordsRead, long recordsStored, long duplicates,
                        long rejected, long recordsWritten, List<ImportedFile> files, List<RecordError> errors,
                        List<SkippedFile> skippedFiles, Instant firstPlayedAt, Instant lastPlayedAt, String failure,
                        Instant createdAt, Instant startedAt, Instant finishedAt, Enrichment enrichment) {

    /**
     * Enrichment coverage: the import's unique music tracks (tracksSeen), those resolved to audio features, those
     * recorded as unresolved, and those still waiting ({@code pending = tracksSeen - tracksResolved -
     * tracksUnresolved}). Coverage is tracksResolved / tracksSeen.
     */
    @RegisterForReflection
    public record Enrichment(long tracksSeen, long tracksResolved, long tracksUnresolved, long pending) {

        public static final Enrichment NONE = new Enrichment(0, 0, 0, 0);

        public static Enrichment of(long seen, long resolved, long unresolved) {
            return new Enrichment(seen, resolved, unresolved, Math.max(0, seen - resolved - unresolved));
        }
    }

    /** One history file of the import (a top-level upload or a ZIP entry). */
    @RegisterForReflection
    public record ImportedFile(int fileNo, String name, ImportFormat format, long recordsRead, long recordsStored,
                               long duplicates, long rejected) {
    }

    /** A rejected record: the file, its 1-based record number in that file, and why. */
    @RegisterForReflection
    public record RecordError(String file, long record, String reason) {
    }

    /** A file inside an export ZIP that holds no listening history (Userdata.json, Playlist1.json, ...). */
    @RegisterForReflection
    public record SkippedFile(String name, String reason) {
    }

    /** The 202 answer to an upload. */
    @RegisterForReflection
    public record Accepted(UUID importId, ImportStatus status) {
    }
}
