package io.echotune.playlist.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class PlaylistShareRepository implements PanacheRepositoryBase<PlaylistShareEntity, String> {

    public Uni<PlaylistShareEntity> findByPlaylist(UUID playlistId) {
        return find("playlistId", playlistId).firstResult();
    }

    public Uni<Long> deleteByPlaylist(UUID playlistId) {
        return delete("playlistId", playlistId);
    }
}
