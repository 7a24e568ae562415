package io.echotune.ingestion.imports.service;

import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.ImportJob;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

@RegisterForReflection
/** What an accepted upload will import: its history files (top-level or ZIP entries) and the files skipped. */
public record UploadPlan(List<Source> sources, List<ImportJob.SkippedFile> skipped) {

    /**
     * One history file. {@code upload} is the index of the uploaded file holding it; {@code entry} the ZIP entry
     * name, or null when the upload itself is the history file.
     */
    @RegisterForReflection
    public record Source(int fileNo, String name, ImportFormat format, boolean video, int upload, String entry) {
    }
}
