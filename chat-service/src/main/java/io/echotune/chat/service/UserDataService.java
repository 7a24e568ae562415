package io.echotune.chat.service;

import io.echotune.chat.ChatExport;
import io.echotune.chat.repository.UserDataRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the chat service holds of a user, erased on {@code user.deleted} and exported on request (docs/privacy.md):
 * sessions, messages with their metadata, conversation state and message counts. Nothing of it lives outside
 * PostgreSQL (no cache, no Redis), so one transaction erases it all.
 */
@ApplicationScoped
public class UserDataService {

    private final UserDataRepository userData;

    public UserDataService(UserDataRepository userData) {
        this.userData = userData;
    }

    /** Idempotent: erasing an erased user changes nothing. */
    public Uni<Void> erase(String userId) {
        return userData.erase(userId);
    }

    public Multi<ChatExport.Session> export(String userId) {
        return userData.export(userId);
    }
}
