package io.echotune.insights.repository;

import io.echotune.commons.testing.OwnerContracts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reader side of ingestion's store contracts (docs/stores.md "Readers of another service's store"): the documents
 * ingestion's real writers stored (its golden files, ReaderContractsTest there) go into this service's database and
 * come back through {@link ListeningHistoryRepository#musicPlays} and {@link TrackCatalogRepository}, every field a
 * snapshot or a catalog figure uses checked.
 */
@QuarkusTest
@TestProfile(IngestionStoresContractTest.OwnDatabase.class)
class IngestionStoresContractTest {

    static final String USER = "0b6f3c2e-5d1a-4f7e-9c3b-2a8d7e6f5a41";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ListeningHistoryRepository history;
    @Inject
    TrackCatalogRepository catalog;
    /** A database of its own: the golden documents must not meet the other tests' history and catalog. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.database", "echotune_insights_contracts");
        }
    }

    @BeforeEach
    void storeWhatIngestionStores() {
        OwnerContracts.storeGoldenInAppDatabase("listening_history", "tracks", "catalog_meta");
    }

    @Test
    void aUsersMusicPlaysReadBackWithEveryFieldASnapshotKeeps() {
        List<MusicPlay> plays = history.musicPlays(USER).collect().asList().await().atMost(WAIT).stream()
                .sorted(Comparator.comparingLong(MusicPlay::playedAt)).toList();
        // the podcast of the four records is not music; the basic play has no URI, its key is the name key
        assertEquals(List.of(
                new MusicPlay(at("2020-12-26T06:02:00Z"), at("2020-12-26T05:57:47.490Z"), 252_510,
                        "name:calle 13|tango del pecado (feat. bajofondo tango club & panasuyo)", null,
                        "Tango del Pecado (feat. Bajofondo Tango Club & Panasuyo)", "Calle 13", null, null),
                new MusicPlay(at("2023-02-25T11:20:37Z"), at("2023-02-25T11:19:35.161Z"), 61_839,
                        "spotify:track:6potEImiklXkwD9qFzpu15", "spotify:track:6potEImiklXkwD9qFzpu15", "Forever",
                        "Labrinth", "endplay", true),
                new MusicPlay(at("2023-02-25T11:43:32Z"), at("2023-02-25T11:40:07.305Z"), 204_695,
                        "spotify:track:6zvHwijlnwqjS6d46yAffi", "spotify:track:6zvHwijlnwqjS6d46yAffi", "Paro", "Nej",
                        "trackdone", false)), plays);
    }

    @Test
    void catalogFactsAndVersionReadBack() {
        assertEquals(1L, catalog.loadVersion().await().atMost(WAIT));
        assertEquals(Map.of(
                "37f4ITSlgPX81ad2EvmVQr", new CatalogFacts(
                        List.of("rock", "pop", "post-teen pop", "dance pop", "neo mellow", "viral pop"), 0.33, 0.714),
                "6qK47Oa7Vbumzeb69KuMhZ", new CatalogFacts(
                        List.of("alternative", "alternative hip hop", "art pop"), 0.94, 0.856)),
                catalog.facts(List.of("37f4ITSlgPX81ad2EvmVQr", "6qK47Oa7Vbumzeb69KuMhZ", "0000000000000000000000"))
                        .await().atMost(WAIT));
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
