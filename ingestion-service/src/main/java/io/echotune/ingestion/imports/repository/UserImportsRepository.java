package io.echotune.ingestion.imports.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One user's rows in the {@code ingestion} schema as a whole, for account erasure (docs/privacy.md): their import
 * jobs, and with them (ON DELETE CASCADE) the tracks each import held.
 */
@ApplicationScoped
public class UserImportsRepository {

    private final Pool pool;

    public UserImportsRepository(Pool pool) {
        this.pool = pool;
    }

    /** A track key that only this user's imports hold, with its URI when it has one. */
    public record OwnTrack(String trackKey, String trackUri) {
    }

    public Uni<List<UUID>> importIds(String userId) {
        return pool.preparedQuery("SELECT id FROM ingestion.import_jobs WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                    }
                    return ids;
                });
    }

    /**
     * The track keys that the user's imports hold and no other user's import does: what enrichment concluded about
     * them was asked for by this user alone.
     */
    public Uni<List<OwnTrack>> tracksOnlyTheyImported(String userId) {
        return pool.preparedQuery("SELECT t.track_key, max(t.track_uri) AS track_uri FROM ingestion.import_tracks t"
                        + " JOIN ingestion.import_jobs j ON j.id = t.import_id WHERE j.user_id = $1"
                        + " AND NOT EXISTS (SELECT 1 FROM ingestion.import_tracks o JOIN ingestion.import_jobs oj"
                        + " ON oj.id = o.import_id WHERE o.track_key = t.track_key AND oj.user_id <> $1)"
                        + " GROUP BY t.track_key")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<OwnTrack> tracks = new ArrayList<>();
                    for (Row row : rows) {
                        tracks.add(new OwnTrack(row.getString("track_key"), row.getString("track_uri")));
                    }
                    return tracks;
                });
    }

    /** Deletes the user's import jobs and their tracks; answers how many jobs. */
    public Uni<Integer> deleteImports(String userId) {
        return pool.preparedQuery("DELETE FROM ingestion.import_jobs WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> rows.rowCount());
    }
}
