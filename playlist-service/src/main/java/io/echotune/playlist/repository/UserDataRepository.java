package io.echotune.playlist.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.playlist.PlaylistExport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything of one user in the {@code playlist} schema at once, for erasure and export (docs/privacy.md): playlists
 * with their schedule and Spotify link, and (by ON DELETE CASCADE) their versions and share codes.
 */
@ApplicationScoped
public class UserDataRepository {

    private final Pool database;
    private final ObjectMapper json;

    public UserDataRepository(Pool database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    /** Deletes every playlist of the user with its versions, share and schedule; a second call finds nothing. */
    public Uni<Void> erase(String userId) {
        return database.preparedQuery("DELETE FROM playlist.playlists WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }

    /** The user's playlists, oldest first, each read with its versions only when it is its turn. */
    public Multi<PlaylistExport.Playlist> export(String userId) {
        return database.preparedQuery("SELECT id FROM playlist.playlists WHERE user_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(userId))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(row -> row.getUUID("id"))
                .onItem().transformToUniAndConcatenate(id -> playlist(userId, id));
    }

    private Uni<PlaylistExport.Playlist> playlist(String userId, UUID playlistId) {
        Uni<Row> playlist = database.preparedQuery("SELECT p.id, p.name, p.prompt, p.current_version, p.created_at,"
                        + " p.updated_at, p.schedule_every, p.next_run_at, p.spotify_playlist_id, s.code, s.created_at AS shared_at"
                        + " FROM playlist.playlists p LEFT JOIN playlist.playlist_shares s ON s.playlist_id = p.id"
                        + " WHERE p.id = $1 AND p.user_id = $2")
                .execute(Tuple.of(playlistId, userId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
        Uni<List<PlaylistExport.Version>> versions = database.preparedQuery("SELECT version, prompt, created_at,"
                        + " tracks::text FROM playlist.playlist_versions WHERE playlist_id = $1 ORDER BY version")
                .execute(Tuple.of(playlistId))
                .map(rows -> {
                    List<PlaylistExport.Version> list = new ArrayList<>();
                    for (Row row : rows) {
                        JsonNode stored = tree(row.getString("tracks"));
                        list.add(new PlaylistExport.Version(row.getInteger("version"), row.getString("prompt"),
                                instant(row.getOffsetDateTime("created_at")),
                                stored == null ? null : stored.path("tracks")));
                    }
                    return list;
                });
        return Uni.combine().all().unis(playlist, versions).asTuple().onItem().ifNotNull().transform(both -> {
            Row p = both.getItem1();
            if (p == null) {
                return null;
            }
            PlaylistExport.Schedule schedule = p.getString("schedule_every") == null ? null
                    : new PlaylistExport.Schedule(p.getString("schedule_every"), instant(p.getOffsetDateTime("next_run_at")));
            PlaylistExport.Share share = p.getString("code") == null ? null
                    : new PlaylistExport.Share(p.getString("code"), instant(p.getOffsetDateTime("shared_at")));
            return new PlaylistExport.Playlist(p.getUUID("id"), p.getString("name"), p.getString("prompt"),
                    p.getInteger("current_version"), instant(p.getOffsetDateTime("created_at")),
                    instant(p.getOffsetDateTime("updated_at")), schedule, p.getString("spotify_playlist_id"), share,
                    both.getItem2());
        });
    }

    private JsonNode tree(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jsonb column that is not JSON", e);
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
