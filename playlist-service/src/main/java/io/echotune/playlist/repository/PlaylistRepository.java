package io.echotune.playlist.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

/** Playlists in PostgreSQL. Every query is scoped by owner: another user's playlist simply is not found. */
@ApplicationScoped
public class PlaylistRepository implements PanacheRepositoryBase<PlaylistEntity, UUID> {

    public Uni<PlaylistEntity> findOwned(String userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    /** The caller's playlist, locked for update until the transaction ends (one new version at a time). */
    public Uni<PlaylistEntity> lockOwned(String userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<PlaylistEntity>> listOwned(String userId) {
        return list("userId", Sort.descending("createdAt").and("id"), userId);
    }
}
