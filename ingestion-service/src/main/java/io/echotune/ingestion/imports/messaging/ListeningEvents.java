package io.echotune.ingestion.imports.messaging;

import io.echotune.ingestion.history.ListeningRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.UUID;

/** Event types and payloads of echotune.listening-events (documented in README "Events"). */
public final class ListeningEvents {

    /** A batch of normalised records of one file of one import. */
    public static final String RECORDS = "listening.records";
    /** The last message of an import on its partition: everything before it has been sent and acknowledged. */
    public static final String SEALED = "import.sealed";

    private ListeningEvents() {
    }

    @RegisterForReflection
    public record RecordsPayload(UUID importId, int fileNo, long batchNo, List<ListeningRecord> records) {
    }

    @RegisterForReflection
    public record SealedPayload(UUID importId, long recordsSent, long batches) {
    }
}
