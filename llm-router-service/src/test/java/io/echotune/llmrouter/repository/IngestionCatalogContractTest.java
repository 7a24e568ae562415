package io.echotune.llmrouter.repository;

import io.echotune.commons.testing.OwnerContracts;
import io.echotune.llmrouter.local.Gazetteer;
import io.echotune.llmrouter.local.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reader side of ingestion's catalog contract (docs/stores.md "Readers of another service's store"): the
 * {@code tracks} and {@code catalog_meta} documents ingestion's real catalog load stored (its golden files,
 * ReaderContractsTest there) go into this service's database and come back through {@link CatalogRepository} as the
 * gazetteer's names, artists and genres.
 */
@QuarkusTest
@TestProfile(IngestionCatalogContractTest.OwnDatabase.class)
class IngestionCatalogContractTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    CatalogRepository catalog;
    /** A database of its own: the gazetteer must hold the golden tracks and nothing else. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.database", "echotune_llm_router_contracts");
        }
    }

    @BeforeEach
    void storeWhatIngestionStores() {
        OwnerContracts.storeGoldenInAppDatabase("tracks", "catalog_meta");
    }

    @Test
    void theVersionReadsBack() {
        assertEquals(1L, catalog.version().await().atMost(WAIT));
    }

    @Test
    void everyTrackNameArtistAndGenreReachesTheGazetteer() {
        Gazetteer gazetteer = catalog.gazetteer(100).await().atMost(WAIT);
        assertEquals(2, gazetteer.trackCount());
        assertEquals(new Gazetteer.TrackName("Fight Song", Set.of("rachel platten")),
                gazetteer.track(Tokens.normalize("Fight Song")));
        assertEquals(new Gazetteer.TrackName("The Valley of the Pagans", Set.of("gorillaz", "beck")),
                gazetteer.track(Tokens.normalize("The Valley of the Pagans")));

        assertEquals(3, gazetteer.artistCount());
        assertEquals("Rachel Platten", gazetteer.artist("rachel platten"));
        assertEquals("Gorillaz", gazetteer.artist("gorillaz"));
        assertEquals("Beck", gazetteer.artist("beck"));

        List<String> genres = List.of("rock", "pop", "post-teen pop", "dance pop", "neo mellow", "viral pop",
                "alternative", "alternative hip hop", "art pop");
        assertEquals(genres.size(), gazetteer.genreCount());
        for (String genre : genres) {
            assertEquals(genre, gazetteer.genre(Tokens.normalize(genre)));
        }
    }

    @Test
    void theLimitBoundsHowManyTracksAreRead() {
        assertEquals(1, catalog.gazetteer(1).await().atMost(WAIT).trackCount());
    }
}
