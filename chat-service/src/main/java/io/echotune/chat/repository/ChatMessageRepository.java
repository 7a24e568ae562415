package io.echotune.chat.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Chat messages in PostgreSQL. Messages are reached only through a session the caller owns, so callers
 * check ownership on the session first.
 */
@ApplicationScoped
public class ChatMessageRepository implements PanacheRepositoryBase<ChatMessageEntity, UUID> {

    /** The conversation, oldest first; the id breaks ties between messages stored in the same microsecond. */
    public Uni<List<ChatMessageEntity>> listConversation(UUID sessionId) {
        return list("sessionId", Sort.ascending("createdAt").and("id"), sessionId);
    }

    public Uni<Long> countInSession(UUID sessionId) {
        return count("sessionId", sessionId);
    }
}
