package io.echotune.insights.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.testing.OwnerContracts;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reader side of ingestion's event contracts (docs/stores.md "Readers of another service's store"): the envelopes
 * ingestion's real publishers sent (its golden files, ReaderContractsTest there) read into {@link InboundEvent} as
 * {@link CacheInvalidationConsumer} reads them, every field it uses checked.
 */
class IngestionEventsContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void importCompletedNamesTheUserWhoseCachesGo() throws IOException {
        InboundEvent event = JSON.readValue(OwnerContracts.message("events/import.completed.json"), InboundEvent.class);
        assertEquals(new InboundEvent("cf33bb97-db0d-30ac-b3fb-eeecbeb8d404", CacheInvalidationConsumer.IMPORT_COMPLETED,
                "0b6f3c2e-5d1a-4f7e-9c3b-2a8d7e6f5a41", CacheInvalidationConsumer.KNOWN_SCHEMA_VERSION), event);
    }

    @Test
    void featuresResolvedIsAnEnvelopeWithoutAUser() throws IOException {
        InboundEvent event = JSON.readValue(OwnerContracts.message("events/track.features-resolved.json"),
                InboundEvent.class);
        assertEquals(new InboundEvent("1388d53f-51d9-3c96-ad9f-fac6fa44de63",
                CacheInvalidationConsumer.TRACK_FEATURES_RESOLVED, null, CacheInvalidationConsumer.KNOWN_SCHEMA_VERSION),
                event);
    }
}
