package io.echotune.chat.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Chat messages in PostgreSQL. Messages are reached only through a session the caller owns, so callers
 * check ownership on the session first.
 */
@ApplicationScoped
public class ChatMessageRepository implements PanacheRepositoryBase<ChatMessageEntity, UUID> {

    public Uni<Long> countInSession(UUID sessionId) {
        return count("sessionId", sessionId);
    }
}
