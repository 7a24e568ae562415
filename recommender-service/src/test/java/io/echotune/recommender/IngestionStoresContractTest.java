package io.echotune.recommender;

import io.echotune.commons.testing.OwnerContracts;
import io.echotune.recommender.ranking.CatalogEntry;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.Play;
import io.echotune.recommender.repository.CatalogRepository;
import io.echotune.recommender.repository.HistoryRepository;
import io.echotune.recommender.support.GoldenPlays;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reader side of ingestion's store contracts (docs/stores.md "Readers of another service's store"): the documents
 * ingestion's real writers stored (its golden files, ReaderContractsTest there) go into this service's database and
 * come back through {@link HistoryRepository} and {@link CatalogRepository}, every field the recommender uses checked.
 * A change of shape at the owner changes the golden files, and this test then says what the recommender would miss.
 */
@QuarkusTest
@TestProfile(IngestionStoresContractTest.OwnDatabase.class)
@WithTestResource(RecommenderTestEnvironment.class)
class IngestionStoresContractTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    HistoryRepository history;
    @Inject
    CatalogRepository catalog;
    /** A database of its own: the golden documents must not meet the shared catalog the other tests use. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.database", "echotune_recommender_contracts");
        }
    }

    @BeforeEach
    void storeWhatIngestionStores() {
        OwnerContracts.storeGoldenInAppDatabase("listening_history", "tracks", "artists", "track_names", "catalog_meta");
    }

    @Test
    void aUsersPlaysReadBackWithEveryFieldTheProfileBuildUses() {
        List<Play> plays = history.plays(GoldenPlays.USER).collect().asList().await().atMost(WAIT).stream()
                .sorted(Comparator.comparing(Play::recordId)).toList();
        assertEquals(List.of(GoldenPlays.BASIC, GoldenPlays.PODCAST, GoldenPlays.SKIP, GoldenPlays.FULL), plays);
        // the podcast is told apart by contentType, the one the profile build leaves out
        assertEquals(List.of(true, false, true, true), plays.stream().map(Play::isMusic).toList());
    }

    @Test
    void recordsAreCountedPerUserByTheirTopLevelUserId() {
        assertEquals(List.of(new HistoryRepository.UserRecords(GoldenPlays.USER, 4)),
                history.recordsPerUser().await().atMost(WAIT));
    }

    @Test
    void theCatalogReadsBackWithEveryFieldTheIndexUses() {
        assertEquals(1L, catalog.version().await().atMost(WAIT));
        List<CatalogEntry> tracks = catalog.tracks().collect().asList().await().atMost(WAIT).stream()
                .sorted(Comparator.comparing(CatalogEntry::id)).toList();
        assertEquals(2, tracks.size());

        CatalogEntry fightSong = tracks.get(0);
        assertEquals("37f4ITSlgPX81ad2EvmVQr", fightSong.id());
        assertEquals("Fight Song", fightSong.name());
        assertEquals(List.of("Rachel Platten"), fightSong.artists());
        assertEquals("Wildfire", fightSong.album());
        assertEquals(List.of("rock", "pop", "post-teen pop", "dance pop", "neo mellow", "viral pop"), fightSong.genres());
        assertArrayEquals(new double[]{0.564, 0.714, 0.33, 175.924, 0.0549, 0.0, 0.129, 0.155, -4.987},
                fightSong.features());
        assertEquals(77, fightSong.popularity());
        assertEquals(204_013L, fightSong.durationMs());
        assertEquals(false, fightSong.explicit());
        assertEquals(2016, fightSong.releaseYear());
        assertEquals(List.of("2ltt5ouiEO301o2jbxn30d"), fightSong.playlists());

        CatalogEntry valley = tracks.get(1);
        assertEquals("6qK47Oa7Vbumzeb69KuMhZ", valley.id());
        assertEquals("The Valley of the Pagans", valley.name());
        assertEquals(List.of("Gorillaz", "Beck"), valley.artists());
        assertEquals("20's Rock", valley.album());
        assertEquals(List.of("alternative", "alternative hip hop", "art pop"), valley.genres());
        assertEquals(FeatureSpace.DIMENSIONS, valley.features().length);
        assertArrayEquals(new double[]{0.75, 0.856, 0.94, 130.034, 0.0778, 3.65E-5, 0.0457, 0.117, -5.802},
                valley.features());
        assertEquals(0, valley.popularity());
        assertEquals(181_028L, valley.durationMs());
        assertEquals(true, valley.explicit());
        assertEquals(null, valley.releaseYear());
        assertEquals(List.of(), valley.playlists());
    }

    @Test
    void artistGenresAndNameKeysReadBack() {
        List<CatalogRepository.ArtistGenres> artists = catalog.artists().collect().asList().await().atMost(WAIT).stream()
                .sorted(Comparator.comparing(CatalogRepository.ArtistGenres::key)).toList();
        assertEquals(List.of(
                new CatalogRepository.ArtistGenres("gorillaz", List.of("alternative hip hop", "art pop")),
                new CatalogRepository.ArtistGenres("rachel platten",
                        List.of("dance pop", "neo mellow", "pop", "post-teen pop", "viral pop"))), artists);

        Map<String, String> ids = catalog.trackIdsByNameKey(List.of("name:rachel platten|fight song",
                "name:beck|the valley of the pagans", "name:gorillaz|the valley of the pagans",
                "name:nobody|no such song")).await().atMost(WAIT);
        assertEquals(Map.of("name:rachel platten|fight song", "37f4ITSlgPX81ad2EvmVQr",
                "name:beck|the valley of the pagans", "6qK47Oa7Vbumzeb69KuMhZ",
                "name:gorillaz|the valley of the pagans", "6qK47Oa7Vbumzeb69KuMhZ"), ids);
    }
}
