package io.echotune.chat.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Chat sessions in PostgreSQL. Every query is scoped by owner: another user's session simply is not found. */
@ApplicationScoped
public class ChatSessionRepository implements PanacheRepositoryBase<ChatSessionEntity, UUID> {

    private static final String COUNTED_SESSIONS = """
            select new io.echotune.chat.repository.CountedSession(s,
                (select count(m) from ChatMessageEntity m where m.sessionId = s.id))
            from ChatSessionEntity s
            where s.userId = :userId
            order by s.createdAt desc, s.id""";

    public Uni<ChatSessionEntity> findOwned(String userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    /** The owner's sessions, newest first, each with its message count (one query, not one per session). */
    public Uni<List<CountedSession>> listOwnedCounted(String userId) {
        return getSession().chain(session -> session.createSelectionQuery(COUNTED_SESSIONS, CountedSession.class)
                .setParameter("userId", userId)
                .getResultList());
    }

    /** Deletes the session (its messages follow by ON DELETE CASCADE); false when the owner has no such session. */
    public Uni<Boolean> deleteOwned(String userId, UUID id) {
        return delete("id = ?1 and userId = ?2", id, userId).map(deleted -> deleted > 0);
    }
}
