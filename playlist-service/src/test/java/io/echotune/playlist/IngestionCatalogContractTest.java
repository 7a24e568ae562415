package io.echotune.playlist;

import io.echotune.commons.testing.OwnerContracts;
import io.echotune.playlist.repository.CatalogTrackRepository;
import io.echotune.playlist.repository.CatalogTrackRepository.CatalogTrack;
import io.echotune.playlist.support.PlaylistTestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reader side of ingestion's catalog contract (docs/stores.md "Readers of another service's store"): the
 * {@code tracks} and {@code catalog_meta} documents ingestion's real catalog load stored (its golden files,
 * ReaderContractsTest there) go into this service's database and come back through {@link CatalogTrackRepository},
 * every fact a playlist snapshot keeps checked.
 */
@QuarkusTest
@TestProfile(IngestionCatalogContractTest.OwnDatabase.class)
@WithTestResource(PlaylistTestEnvironment.class)
class IngestionCatalogContractTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    CatalogTrackRepository catalog;
    /** A database of its own: the golden documents must not replace the TestCatalog the other tests use. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.database", "echotune_playlist_contracts");
        }
    }

    @BeforeEach
    void storeWhatIngestionStores() {
        OwnerContracts.storeGoldenInAppDatabase("tracks", "catalog_meta");
    }

    @Test
    void aLoadedCatalogIsRecognised() {
        assertEquals(true, catalog.isLoaded().await().atMost(WAIT));
    }

    @Test
    void tracksReadBackByIdWithEveryFactASnapshotKeeps() {
        Map<String, CatalogTrack> found = catalog.findByIds(List.of("37f4ITSlgPX81ad2EvmVQr", "6qK47Oa7Vbumzeb69KuMhZ",
                "0000000000000000000000")).await().atMost(WAIT);
        assertEquals(Map.of(
                "37f4ITSlgPX81ad2EvmVQr", new CatalogTrack("37f4ITSlgPX81ad2EvmVQr", "Fight Song",
                        List.of("Rachel Platten"), "Wildfire", 204_013L, Map.of("danceability", 0.564, "energy", 0.714,
                        "valence", 0.33, "tempo", 175.924, "acousticness", 0.0549, "instrumentalness", 0.0,
                        "speechiness", 0.129, "liveness", 0.155, "loudness", -4.987)),
                "6qK47Oa7Vbumzeb69KuMhZ", new CatalogTrack("6qK47Oa7Vbumzeb69KuMhZ", "The Valley of the Pagans",
                        List.of("Gorillaz", "Beck"), "20's Rock", 181_028L, Map.of("danceability", 0.75, "energy",
                        0.856, "valence", 0.94, "tempo", 130.034, "acousticness", 0.0778, "instrumentalness", 3.65E-5,
                        "speechiness", 0.0457, "liveness", 0.117, "loudness", -5.802))), found);
    }
}
