package io.echotune.llmrouter.service;

import io.echotune.llmrouter.repository.InterpretCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the LLM router holds of a user, erased on {@code user.deleted} (docs/privacy.md): only the cached readings of
 * their messages in Redis (an hour at most). Nothing is exported: a cache holds nothing the chats do not.
 */
@ApplicationScoped
public class UserDataService {

    private final InterpretCache cache;

    public UserDataService(InterpretCache cache) {
        this.cache = cache;
    }

    /** Idempotent: erasing an erased user changes nothing. */
    public Uni<Void> erase(String userId) {
        return cache.forget(userId);
    }
}
