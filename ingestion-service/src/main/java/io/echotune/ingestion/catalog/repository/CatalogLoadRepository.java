package io.echotune.ingestion.catalog.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.catalog.CatalogLoad;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.echotune.ingestion.shared.store.PgColumns.fromJsonb;
import static io.echotune.ingestion.shared.store.PgColumns.instant;
import static io.echotune.ingestion.shared.store.PgColumns.toJson;
import static io.echotune.ingestion.shared.store.PgColumns.utc;

/**
 * Catalog loads in PostgreSQL ({@code ingestion.catalog_loads}). At most one load runs at a time across every
 * instance: the partial unique index on RUNNING rows refuses a second claim. A running load sends a heartbeat with
 * each progress update; one whose heartbeat is older than the stale limit (its instance died) is marked FAILED by
 * the next claim.
 */
@ApplicationScoped
public class CatalogLoadRepository {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, status, source, directory, files, tracks, artists, track_names,"
            + " tracks_written, artists_written, track_names_written, catalog_version, failure, created_at, finished_at";
    private static final TypeReference<List<CatalogLoad.CatalogFile>> FILES = new TypeReference<>() { };

    private final Pool pool;
    private final ObjectMapper json;

    public CatalogLoadRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Starts a load as RUNNING unless another one runs; false when one does. Loads whose heartbeat stopped more
     * than {@code staleAfter} ago are marked FAILED first.
     */
    public Uni<Boolean> claim(UUID loadId, String source, String directory, Instant now, Duration staleAfter) {
        return pool.preparedQuery("UPDATE ingestion.catalog_loads SET status = 'FAILED', finished_at = $1,"
                        + " failure = 'abandoned: the instance running it stopped sending heartbeats'"
                        + " WHERE status = 'RUNNING' AND heartbeat_at < $2")
                .execute(Tuple.of(utc(now), utc(now.minus(staleAfter))))
                .chain(() -> pool.preparedQuery("INSERT INTO ingestion.catalog_loads (id, status, source, directory,"
                                + " created_at, heartbeat_at) VALUES ($1, 'RUNNING', $2, $3, $4, $4)")
                        .execute(Tuple.of(loadId, source, directory, utc(now))))
                .map(inserted -> true)
                .onFailure(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()))
                .recoverWithItem(false);
    }

    /** Removes a claim whose files turned out unreadable: nothing was written, nothing is recorded. */
    public Uni<Void> release(UUID loadId) {
        return pool.preparedQuery("DELETE FROM ingestion.catalog_loads WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(loadId)).replaceWithVoid();
    }

    /** The files are read: their reports and what they hold. */
    public Uni<Void> read(UUID loadId, List<CatalogLoad.CatalogFile> files, long tracks, long artists, long names) {
        return pool.preparedQuery("UPDATE ingestion.catalog_loads SET files = $2::jsonb, tracks = $3, artists = $4,"
                        + " track_names = $5, heartbeat_at = now() WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(loadId, toJson(json, files), tracks, artists, names)).replaceWithVoid();
    }

    /** Progress of the writes; doubles as the heartbeat. */
    public Uni<Void> progress(UUID loadId, long tracksWritten, long artistsWritten, long namesWritten) {
        return pool.preparedQuery("UPDATE ingestion.catalog_loads SET tracks_written = $2, artists_written = $3,"
                        + " track_names_written = $4, heartbeat_at = now() WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(loadId, tracksWritten, artistsWritten, namesWritten)).replaceWithVoid();
    }

    public Uni<Void> complete(UUID loadId, long version, Instant finishedAt) {
        return pool.preparedQuery("UPDATE ingestion.catalog_loads SET status = 'COMPLETED', catalog_version = $2,"
                        + " finished_at = $3 WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(loadId, version, utc(finishedAt))).replaceWithVoid();
    }

    public Uni<Void> fail(UUID loadId, String failure, Instant finishedAt) {
        return pool.preparedQuery("UPDATE ingestion.catalog_loads SET status = 'FAILED', failure = $2, finished_at = $3"
                        + " WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(loadId, failure, utc(finishedAt))).replaceWithVoid();
    }

    public Uni<CatalogLoad> find(UUID loadId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.catalog_loads WHERE id = $1")
                .execute(Tuple.of(loadId)).map(this::first);
    }

    /** The load running now, if any. */
    public Uni<CatalogLoad> running() {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.catalog_loads WHERE status = 'RUNNING'")
                .execute().map(this::first);
    }

    private CatalogLoad first(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new CatalogLoad(row.getUUID("id"), CatalogLoad.Status.valueOf(row.getString("status")),
                row.getString("source"), row.getString("directory"), fromJsonb(json, row.getValue("files"), FILES, "ingestion.catalog_loads"),
                row.getLong("tracks"), row.getLong("artists"), row.getLong("track_names"),
                row.getLong("tracks_written"), row.getLong("artists_written"), row.getLong("track_names_written"),
                row.getLong("catalog_version"), row.getString("failure"), instant(row, "created_at"),
                instant(row, "finished_at"));
    }

}
