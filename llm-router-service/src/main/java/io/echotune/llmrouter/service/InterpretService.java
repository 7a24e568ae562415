package io.echotune.llmrouter.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.llmrouter.InterpretResult;
import io.echotune.llmrouter.Turn;
import io.echotune.llmrouter.ai.PromptTemplates;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.echotune.llmrouter.repository.InterpretCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks an interpret request, answers identical calls from the cache, and hands the rest to the router (which owns
 * providers, fallback and the deadline).
 */
@ApplicationScoped
public class InterpretService {

    private final ProviderRouter router;
    private final InterpretCache cache;
    private final LlmRouterConfig config;
    private final Clock clock;

    public InterpretService(ProviderRouter router, InterpretCache cache, LlmRouterConfig config, Clock clock) {
        this.router = router;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    /**
     * {@code userId}'s call (a reading cached for it is listed under the user, see InterpretCache), answered within
     * {@code callerDeadline} when the caller set one shorter than the router's own deadline (null: none).
     */
    public Uni<InterpretResult> interpret(String userId, String text, List<Turn> context, String preferredProvider,
                                          Duration callerDeadline) {
        if (text == null || text.isBlank()) {
            return Uni.createFrom().failure(ApiException.invalidField("text", "must not be blank"));
        }
        if (text.length() > config.maxTextLength()) {
            return Uni.createFrom().failure(ApiException.invalidField("text",
                    "must be at most " + config.maxTextLength() + " characters"));
        }
        List<Turn> turns = new ArrayList<>();
        if (context != null) {
            for (int i = 0; i < context.size(); i++) {
                Turn turn = context.get(i);
                if (turn == null || turn.text() == null || !("user".equals(turn.role()) || "assistant".equals(turn.role()))) {
                    return Uni.createFrom().failure(ApiException.invalidField("context[" + i + "]",
                            "needs a role (user or assistant) and a text"));
                }
                turns.add(new Turn(turn.role(), truncate(turn.text())));
            }
        }
        // Only the latest turns matter for a follow-up, and they bound what a remote prompt costs.
        List<Turn> recent = turns.subList(Math.max(0, turns.size() - config.maxContextTurns()), turns.size());
        String message = text.strip();
        List<Turn> kept = List.copyOf(recent);
        String key = cacheKey(message, kept, preferredProvider);
        long started = System.nanoTime();
        return cache.get(key).flatMap(hit -> hit.isPresent()
                ? Uni.createFrom().item(hit.get().fromCache(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)))
                : router.interpret(message, kept, preferredProvider, callerDeadline)
                        // Only remote readings are worth keeping: local ones are as fast as a cache read, and a
                        // local answer given while the providers were down must not outlive their outage.
                        .call(result -> ProviderRouter.LOCAL.equals(result.providerUsed())
                                ? Uni.createFrom().voidItem() : cache.put(userId, key, result)));
    }

    /**
     * Identical calls: same message, same turns, same preference, same prompt version, same day (relative eras such as
     * "last summer" depend on it). Hashed, so that no message text ends up in a Redis key.
     */
    private String cacheKey(String text, List<Turn> context, String preferred) {
        StringBuilder call = new StringBuilder(PromptTemplates.INTERPRET_VERSION).append('\n')
                .append(LocalDate.now(clock.withZone(ZoneOffset.UTC))).append('\n')
                .append(preferred == null ? "" : preferred.strip()).append('\n');
        context.forEach(t -> call.append(t.role()).append(':').append(t.text()).append('\n'));
        call.append(text);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(call.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String truncate(String text) {
        return text.length() <= config.maxTextLength() ? text : text.substring(0, config.maxTextLength());
    }
}
