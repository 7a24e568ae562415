package io.echotune.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccessTokenRepository implements PanacheRepositoryBase<AccessTokenEntity, UUID> {

    public Uni<AccessTokenEntity> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    public Uni<List<AccessTokenEntity>> listOwned(UUID userId) {
        return list("userId", Sort.ascending("createdAt").and("id"), userId);
    }

    public Uni<Long> countOwned(UUID userId) {
        return count("userId", userId);
    }

    public Uni<Long> deleteOwned(UUID userId, UUID tokenId) {
        return delete("id = ?1 and userId = ?2", tokenId, userId);
    }

    /** Records use coarsely (at most once per interval) so that authentication does not write on every call. */
    public Uni<Integer> touch(UUID tokenId, Instant now, Instant notUsedSince) {
        return update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)",
                now, tokenId, notUsedSince);
    }
}
