package io.echotune.recommender.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.testing.OwnerContracts;
import io.echotune.recommender.support.GoldenPlays;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reader side of ingestion's event contracts (docs/stores.md "Readers of another service's store"): the messages
 * ingestion's real publishers sent (its golden files, ReaderContractsTest there) read by this service's own parser
 * ({@link ListeningRecordsReader}, the hand-written twin of ingestion's ListeningRecordsJson) and envelope type
 * ({@link InboundEvent}, as {@link TasteEventsConsumer} reads it), every field the consumer uses checked.
 */
class IngestionEventsContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listeningRecordsReadAsPlaysWithTheirEnvelope() throws IOException {
        ListeningRecordsReader.Listening read = ListeningRecordsReader.read(new JsonFactory(),
                new String(OwnerContracts.message("events/listening.records.json"), StandardCharsets.UTF_8));
        assertEquals("012237b0-9f4f-3b57-a7c8-3ded4d34dd0a", read.eventId());
        assertEquals(TasteEventsConsumer.LISTENING_RECORDS, read.type());
        assertEquals(GoldenPlays.USER, read.userId());
        assertEquals(TasteEventsConsumer.KNOWN_SCHEMA_VERSION, read.schemaVersion());
        assertEquals(List.of(GoldenPlays.PODCAST, GoldenPlays.SKIP, GoldenPlays.FULL), read.plays());
    }

    @Test
    void theSealOnTheSameTopicIsNotTakenForRecords() throws IOException {
        ListeningRecordsReader.Listening read = ListeningRecordsReader.read(new JsonFactory(),
                new String(OwnerContracts.message("events/import.sealed.json"), StandardCharsets.UTF_8));
        assertEquals("import.sealed", read.type());
        assertEquals(GoldenPlays.USER, read.userId());
        assertEquals(null, read.plays());
    }

    @Test
    void importCompletedCarriesTheEnvelopeTheRebuildNeeds() throws IOException {
        InboundEvent event = JSON.readValue(OwnerContracts.message("events/import.completed.json"), InboundEvent.class);
        assertEquals("cf33bb97-db0d-30ac-b3fb-eeecbeb8d404", event.eventId());
        assertEquals(TasteEventsConsumer.IMPORT_COMPLETED, event.type());
        assertEquals(GoldenPlays.USER, event.userId());
        assertEquals(TasteEventsConsumer.KNOWN_SCHEMA_VERSION, event.schemaVersion());
    }

    @Test
    void featuresResolvedCarriesTrackIdAndSource() throws IOException {
        InboundEvent event = JSON.readValue(OwnerContracts.message("events/track.features-resolved.json"),
                InboundEvent.class);
        assertEquals("1388d53f-51d9-3c96-ad9f-fac6fa44de63", event.eventId());
        assertEquals(TasteEventsConsumer.FEATURES_RESOLVED, event.type());
        assertEquals(null, event.userId());
        assertEquals(TasteEventsConsumer.KNOWN_SCHEMA_VERSION, event.schemaVersion());
        assertEquals("37f4ITSlgPX81ad2EvmVQr", event.payload().path("trackId").asText(null));
        assertEquals("catalog", event.payload().path("source").asText(null));
    }
}
