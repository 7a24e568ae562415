package io.echotune.ingestion.imports;

public enum ImportStatus {
    QUEUED, RUNNING, COMPLETED, FAILED;

    public boolean ended() {
        return this == COMPLETED || this == FAILED;
    }
}
