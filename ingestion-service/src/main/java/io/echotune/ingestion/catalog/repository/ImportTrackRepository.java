package io.echotune.ingestion.catalog.repository;

import io.echotune.ingestion.catalog.enrichment.ResolutionStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The unique music tracks of each import ({@code ingestion.import_tracks}) and the enrichment coverage counted on
 * the import jobs. A settled track key is settled for every import still waiting on it, and counted on each of
 * those jobs, in one statement: only PENDING rows change, so settling the same key again counts nothing.
 */
@ApplicationScoped
public class ImportTrackRepository {

    /** Rows per INSERT (one unnest of five arrays). */
    private static final int INSERT_CHUNK = 1000;

    private static final String SETTLE = "WITH changed AS (UPDATE ingestion.import_tracks SET status = $2"
            + " WHERE track_key = ANY($1) AND status = 'PENDING' RETURNING import_id),"
            + " counted AS (SELECT import_id, count(*) AS n FROM changed GROUP BY import_id)"
            + " UPDATE ingestion.import_jobs j SET %s = j.%s + counted.n FROM counted WHERE j.id = counted.import_id"
            + " RETURNING counted.n";
    private static final String SETTLE_RESOLVED = SETTLE.formatted("tracks_resolved", "tracks_resolved");
    private static final String SETTLE_UNRESOLVED = SETTLE.formatted("tracks_unresolved", "tracks_unresolved");

    private final Pool pool;

    public ImportTrackRepository(Pool pool) {
        this.pool = pool;
    }

    /** One unique track of an import: its key, and the names of the first record that played it. */
    public record ImportTrack(String trackKey, String trackUri, String trackName, String artistName,
                              String albumName) {
    }

    /** Records the import's tracks; rows already there (a resumed import) are kept as they are. */
    public Uni<Void> insertAll(UUID importId, Collection<ImportTrack> tracks) {
        List<ImportTrack> all = List.copyOf(tracks);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < all.size(); from += INSERT_CHUNK) {
            List<ImportTrack> chunk = all.subList(from, Math.min(all.size(), from + INSERT_CHUNK));
            chain = chain.chain(() -> insertChunk(importId, chunk));
        }
        return chain;
    }

    private Uni<Void> insertChunk(UUID importId, List<ImportTrack> chunk) {
        String[] keys = new String[chunk.size()];
        String[] uris = new String[chunk.size()];
        String[] names = new String[chunk.size()];
        String[] artists = new String[chunk.size()];
        String[] albums = new String[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            ImportTrack t = chunk.get(i);
            keys[i] = t.trackKey();
            uris[i] = t.trackUri();
            names[i] = t.trackName();
            artists[i] = t.artistName();
            albums[i] = t.albumName();
        }
        return pool.preparedQuery("INSERT INTO ingestion.import_tracks (import_id, track_key, track_uri, track_name,"
                        + " artist_name, album_name) SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::text[],"
                        + " $5::text[], $6::text[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[] {importId, keys, uris, names, artists, albums}))
                .replaceWithVoid();
    }

    /** One import track as stored: {@code pending} until enrichment (of this import or any other) settled its key. */
    public record ListedTrack(ImportTrack track, boolean pending) {
    }

    /**
     * All of the import's tracks, settled or not, in key order after {@code afterKey} (keyset paging). Not only the
     * pending ones: another import's enrichment may settle a shared key at any time, and the requester still owes
     * this import's name claims for it.
     */
    public Uni<List<ListedTrack>> tracks(UUID importId, String afterKey, int limit) {
        return pool.preparedQuery("SELECT track_key, track_uri, track_name, artist_name, album_name, status"
                        + " FROM ingestion.import_tracks WHERE import_id = $1 AND track_key > $2"
                        + " ORDER BY track_key LIMIT $3")
                .execute(Tuple.of(importId, afterKey == null ? "" : afterKey, limit))
                .map(rows -> {
                    List<ListedTrack> tracks = new ArrayList<>();
                    for (Row row : rows) {
                        tracks.add(new ListedTrack(new ImportTrack(row.getString("track_key"),
                                row.getString("track_uri"), row.getString("track_name"), row.getString("artist_name"),
                                row.getString("album_name")), "PENDING".equals(row.getString("status"))));
                    }
                    return tracks;
                });
    }

    /**
     * Settles these track keys for every import still waiting on them and counts them on those imports' jobs.
     * Returns how many import tracks changed.
     */
    public Uni<Long> settle(Collection<String> trackKeys, ResolutionStatus status) {
        if (trackKeys.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        String sql = status == ResolutionStatus.RESOLVED ? SETTLE_RESOLVED : SETTLE_UNRESOLVED;
        return pool.preparedQuery(sql)
                .execute(Tuple.of(trackKeys.toArray(String[]::new), status.name()))
                .map(rows -> {
                    long changed = 0;
                    for (Row row : rows) {
                        changed += row.getLong(0);
                    }
                    return changed;
                });
    }
}
