package io.echotune.ingestion.catalog.enrichment;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.echotune.commons.music.TrackNames;
import io.echotune.ingestion.CatalogFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The requester's race with other imports: enrichment settles a track key for every import waiting on it, so by the
 * time an import's {@code import.completed} is handled its tracks may no longer be pending. Its user's name claims
 * must still be recorded (they count towards the quorum that lets basic exports resolve by name); only the
 * enrichment request is no longer needed. Found as a flaky UserDataErasureTest: the third of three claims was lost
 * when the first import's enrichment settled the shared key in between.
 */
@QuarkusTest
class EnrichmentRequesterTest {

    private static final Duration STORE = Duration.ofSeconds(10);

    @Inject
    EnrichmentRequester requester;
    @Inject
    Pool database;

    @Test
    void anImportWhoseTracksAnotherImportAlreadySettledStillRecordsItsNameClaims() throws Exception {
        String user = "requester-test-" + UUID.randomUUID();
        UUID importId = UUID.randomUUID();
        String artist = "Requester Test " + UUID.randomUUID();
        String title = "Settled Before Its Import Was Handled";
        String trackId = "4uLU6hMCjMI75M1A2tKUQC";
        database.preparedQuery("INSERT INTO ingestion.import_jobs (id, user_id, status, files, skipped_files, created_at)"
                        + " VALUES ($1, $2, 'COMPLETED', '[]', '[]', now())")
                .execute(Tuple.of(importId, user)).await().atMost(STORE);
        // the row as another import's enrichment leaves it: settled before this import's completion is handled
        database.preparedQuery("INSERT INTO ingestion.import_tracks (import_id, track_key, track_uri, track_name,"
                        + " artist_name, status) VALUES ($1, $2, $3, $4, $5, 'UNRESOLVED')")
                .execute(Tuple.of(importId, "spotify:track:" + trackId, "spotify:track:" + trackId, title, artist))
                .await().atMost(STORE);
        String nameKey = TrackNames.nameKey(artist, title);
        try {
            requester.request(importId, user);

            try (MongoClient client = CatalogFixtures.mongo()) {
                assertEquals(1, CatalogFixtures.echotune(client).getCollection("track_name_claims")
                        .countDocuments(Filters.and(Filters.eq("userId", user), Filters.eq("nameKey", nameKey),
                                Filters.eq("trackId", trackId))));
            }
        } finally {
            database.preparedQuery("DELETE FROM ingestion.import_jobs WHERE id = $1").execute(Tuple.of(importId))
                    .await().atMost(STORE);
            try (MongoClient client = CatalogFixtures.mongo()) {
                CatalogFixtures.echotune(client).getCollection("track_name_claims").deleteMany(Filters.eq("userId", user));
            }
        }
    }
}
