package io.echotune.ingestion.imports.parsing;

import io.echotune.ingestion.history.ListeningRecord;

/** Receives the outcome of every record of a file, in file order. */
public interface RecordSink {

    void accepted(ListeningRecord record);

    /** @param recordNumber 1-based position of the record in its file */
    void rejected(long recordNumber, String reason);
}
