package io.echotune.playlist.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PlaylistVersionRepository implements PanacheRepositoryBase<PlaylistVersionEntity, PlaylistVersionEntity.Key> {

    public Uni<PlaylistVersionEntity> findVersion(UUID playlistId, int version) {
        return findById(new PlaylistVersionEntity.Key(playlistId, version));
    }

    public Uni<List<PlaylistVersionEntity>> listVersions(UUID playlistId) {
        return list("playlistId", Sort.ascending("version"), playlistId);
    }
}
