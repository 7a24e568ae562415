package io.echotune.chat.service;

import io.echotune.chat.ChatMessage;
import io.echotune.chat.ChatSession;
import io.echotune.chat.config.ChatConfig;
import io.echotune.chat.repository.ChatMessageRepository;
import io.echotune.chat.repository.ChatSessionEntity;
import io.echotune.chat.repository.ChatSessionRepository;
import io.echotune.chat.repository.ConversationRepository;
import io.echotune.commons.problem.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Chat sessions and reading their conversations; {@link ChatTurnService} adds to them. */
@ApplicationScoped
public class ChatSessionService {

    /** Provider names as the LLM router configures them. */
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final ChatSessionRepository sessions;
    private final ChatMessageRepository messages;
    private final ConversationRepository conversation;
    private final ChatConfig config;
    private final Clock clock;

    public ChatSessionService(ChatSessionRepository sessions, ChatMessageRepository messages,
                              ConversationRepository conversation, ChatConfig config) {
        this.sessions = sessions;
        this.messages = messages;
        this.conversation = conversation;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    @WithTransaction
    public Uni<ChatSession> create(String userId, String title, String provider) {
        String cleanTitle = cleanTitle(title);
        String cleanProvider = checkProvider(provider);
        // Microsecond precision: what PostgreSQL keeps, so a re-read returns the same instant.
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);

        ChatSessionEntity session = new ChatSessionEntity();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.title = cleanTitle;
        session.provider = cleanProvider;
        session.createdAt = now;
        session.updatedAt = now;

        return sessions.persist(session).map(saved -> toSession(saved, 0));
    }

    @WithSession
    public Uni<List<ChatSession>> list(String userId) {
        return sessions.listOwnedCounted(userId)
                .map(owned -> owned.stream().map(c -> toSession(c.session(), c.messageCount())).toList());
    }

    @WithSession
    public Uni<ChatSession> get(String userId, UUID sessionId) {
        return findOwned(userId, sessionId)
                .chain(session -> messages.countInSession(session.id).map(count -> toSession(session, count)));
    }

    @WithSession
    public Uni<List<ChatMessage>> conversation(String userId, UUID sessionId) {
        return findOwned(userId, sessionId).chain(session -> conversation.listConversation(session.id))
                .map(messages -> UnansweredMessages.marked(messages, Instant.now(clock), config.unansweredAfter()));
    }

    @WithTransaction
    public Uni<Void> delete(String userId, UUID sessionId) {
        return sessions.deleteOwned(userId, sessionId).invoke(deleted -> {
            if (!deleted) {
                throw notFound(sessionId);
            }
        }).replaceWithVoid();
    }

    private Uni<ChatSessionEntity> findOwned(String userId, UUID sessionId) {
        return sessions.findOwned(userId, sessionId).onItem().ifNull().failWith(() -> notFound(sessionId));
    }

    private static ApiException notFound(UUID sessionId) {
        return ApiException.notFound("Chat session " + sessionId);
    }

    private String cleanTitle(String title) {
        if (title == null || title.isBlank()) {
            return config.defaultTitle();
        }
        String stripped = title.strip();
        if (stripped.codePointCount(0, stripped.length()) > config.maxTitleLength()) {
            throw ApiException.invalidField("title", "is longer than " + config.maxTitleLength() + " characters");
        }
        return stripped;
    }

    /** Absent means "let the router choose"; anything given must look like a provider name. */
    private static String checkProvider(String provider) {
        if (provider == null) {
            return null;
        }
        if (!PROVIDER_NAME.matcher(provider).matches()) {
            throw ApiException.invalidField("provider",
                    "must be a provider name of 1 to 64 characters from a-z, 0-9 and '-'");
        }
        return provider;
    }

    private static ChatSession toSession(ChatSessionEntity s, long messageCount) {
        return new ChatSession(s.id, s.title, s.provider, s.createdAt, s.updatedAt, messageCount);
    }
}
