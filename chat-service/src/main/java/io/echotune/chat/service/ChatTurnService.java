package io.echotune.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echotune.chat.Caller;
import io.echotune.chat.ChatMessage;
import io.echotune.chat.ConversationState;
import io.echotune.chat.Reading;
import io.echotune.chat.client.ComposedReply;
import io.echotune.chat.config.ChatConfig;
import io.echotune.chat.repository.ConversationRepository;
import io.echotune.chat.repository.MessageQuotaRepository;
import io.echotune.commons.problem.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One chat turn: admit the message (owner, length, per-minute limit), read it with the LLM router in the context
 * of the recent turns, do what it asks, have the router write the reply from the facts, check the reply names
 * nothing the facts lack, and store the answer with the session's new state. Downstream trouble never fails the
 * turn: the reply says what could not be done and the answer is stored as {@code degraded}.
 */
@ApplicationScoped
public class ChatTurnService {

    private static final Logger LOG = Logger.getLogger(ChatTurnService.class);
    private static final Set<String> INTENTS = Set.of("recommend", "refine", "create_playlist", "insight", "feedback",
            "playback", "help", "smalltalk");
    /** The router's always-available offline provider, used when a remote reply is not grounded in the facts. */
    private static final String OFFLINE_PROVIDER = "local";

    private final ConversationRepository conversation;
    private final MessageQuotaRepository quota;
    private final LanguageService language;
    private final MusicTurns music;
    private final InsightTurns insights;
    private final ChatConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public ChatTurnService(ConversationRepository conversation,
                           MessageQuotaRepository quota, LanguageService language, MusicTurns music,
                           InsightTurns insights, ChatConfig config, ObjectMapper json) {
        this.conversation = conversation;
        this.quota = quota;
        this.language = language;
        this.music = music;
        this.insights = insights;
        this.config = config;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** A session the caller owns, the recent messages, the state, and the user message to store. */
    private record Admitted(ConversationRepository.OwnedSession session, List<ChatMessage> recent,
                            ConversationState state, ChatMessage userMessage) {
    }

    /** The reply and how it was written. */
    private record Written(String reply, String providerUsed, String model, String promptVersion, int fallbackAttempts,
                           Reading.Tokens tokens) {
    }

    public Uni<ChatMessage> post(Caller caller, UUID sessionId, String text, TurnEvents events) {
        String message = checkText(text);
        long started = System.nanoTime();
        return admit(caller, sessionId, message)
                .chain(admitted -> answer(caller, admitted, message, events, started));
    }

    private String checkText(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalidField("text", "must not be empty");
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) > config.maxMessageLength()) {
            throw ApiException.invalidField("text", "is longer than " + config.maxMessageLength() + " characters");
        }
        return stripped;
    }

    private Uni<Admitted> admit(Caller caller, UUID sessionId, String text) {
        Instant now = now();
        ChatMessage userMessage = new ChatMessage(UUID.randomUUID(), ChatMessage.USER, text, null, null, null, null,
                null, null, null, null, null, null, null, null, null, now);
        // everything admission needs goes out at once, so the first streamed event waits on one database round trip;
        // what was read of a session the caller does not own is dropped unseen (the attempt still counts)
        return Uni.combine().all().unis(conversation.findOwnedSession(caller.userId(), sessionId),
                        quota.countMessage(caller.userId(), now),
                        conversation.recentMessages(sessionId, config.contextTurns(), now),
                        conversation.findState(sessionId)).asTuple()
                .map(read -> {
                    ConversationRepository.OwnedSession session = read.getItem1()
                            .orElseThrow(() -> ApiException.notFound("Chat session " + sessionId));
                    checkQuota(read.getItem2(), now);
                    return new Admitted(session, read.getItem3(), read.getItem4(), userMessage);
                });
    }

    private void checkQuota(int countThisMinute, Instant now) {
        if (countThisMinute > config.messagesPerMinute()) {
            Duration untilNextMinute = Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));
            throw ApiException.tooManyRequests("At most " + config.messagesPerMinute()
                    + " chat messages a minute; try again shortly", untilNextMinute.plusSeconds(1));
        }
    }

    private Uni<ChatMessage> answer(Caller caller, Admitted admitted, String text, TurnEvents events, long started) {
        String provider = admitted.session().provider() != null ? admitted.session().provider()
                : caller.preferredProvider();
        // the user message is stored while the router reads it
        Uni<Downstream<Reading>> interpreted = Uni.combine().all()
                .unis(conversation.insertUserMessage(admitted.session().sessionId(), admitted.userMessage()),
                        language.interpret(caller.bearer(), text, admitted.recent(), provider))
                .asTuple().map(stored -> stored.getItem2());
        return interpreted.chain(read -> {
            if (!read.ok()) {
                Reading none = new Reading("help", null, null, null, null, null, null, null, null, 0, null, 0, null);
                events.interpretation(none);
                String reply = "Sorry, I can't read messages right now: " + read.unavailable() + ". Please try again in a moment.";
                return finish(admitted, none, degradedWithoutRouter(admitted.state()),
                        new Written(reply, null, null, null, 0, Reading.Tokens.NONE), events, started);
            }
            Reading reading = read.value();
            events.interpretation(reading);
            return dispatch(caller, text, reading, admitted.state())
                    .invoke(result -> announce(result, events))
                    .chain(result -> write(caller, provider, result)
                            .map(written -> new Written(withNotes(written.reply(), result.notes()), written.providerUsed(),
                                    written.model(), written.promptVersion(),
                                    written.fallbackAttempts() + reading.fallbackAttempts(),
                                    written.tokens().plus(reading.tokens())))
                            .chain(written -> finish(admitted, reading, result, written, events, started)));
        });
    }

    private Uni<TurnResult> dispatch(Caller caller, String text, Reading reading, ConversationState state) {
        String intent = INTENTS.contains(reading.intent()) ? reading.intent() : "smalltalk";
        return switch (intent) {
            case "recommend" -> music.recommend(caller, text, reading, state);
            case "refine" -> music.refine(caller, text, reading, state);
            case "create_playlist" -> music.createPlaylist(caller, text, reading, state);
            case "feedback" -> music.feedback(caller, text, reading, state);
            case "insight" -> insights.answer(caller, text, reading, state);
            case "playback" -> Uni.createFrom().item(music.playback(state));
            default -> Uni.createFrom().item(TurnResult.of(intent, json.createObjectNode(), state));
        };
    }

    private static void announce(TurnResult result, TurnEvents events) {
        if (result.tracks() != null) {
            events.tracks(result.tracks());
        }
        if (result.playlist() != null) {
            events.playlist(result.playlist());
        }
        if (result.insight() != null) {
            events.insight(result.insight());
        }
    }

    /**
     * The reply from the router. A remote model's reply that names anything the facts lack is replaced by the
     * offline composer's, which fills templates with the facts only; that counts as one more fallback attempt.
     */
    private Uni<Written> write(Caller caller, String provider, TurnResult result) {
        if (result.fixedReply() != null) {
            return Uni.createFrom().item(new Written(result.fixedReply(), null, null, null, 0, Reading.Tokens.NONE));
        }
        return language.compose(caller.bearer(), result.facts(), result.intent(), provider).chain(composed -> {
            if (!composed.ok()) {
                return Uni.createFrom().item(new Written(routerDownReply(result.facts()), null, null, null, 0,
                        Reading.Tokens.NONE));
            }
            ComposedReply reply = composed.value();
            List<String> ungrounded = OFFLINE_PROVIDER.equals(reply.providerUsed()) ? List.of()
                    : ReplyGrounding.ungrounded(reply.reply(), result.facts().toString());
            if (ungrounded.isEmpty()) {
                return Uni.createFrom().item(written(reply, 0));
            }
            LOG.infof("Reply from %s named what the facts lack (%s); the offline composer answers instead",
                    reply.providerUsed(), ungrounded);
            return language.compose(caller.bearer(), result.facts(), result.intent(), OFFLINE_PROVIDER)
                    .map(offline -> offline.ok()
                            ? written(offline.value(), reply.fallbackAttempts() + 1)
                            : new Written(routerDownReply(result.facts()), null, null, null, 1, Reading.Tokens.NONE));
        });
    }

    private static Written written(ComposedReply reply, int earlierAttempts) {
        return new Written(reply.reply(), reply.providerUsed(), reply.model(), reply.promptVersion(),
                reply.fallbackAttempts() + earlierAttempts, reply.tokens() != null ? reply.tokens() : Reading.Tokens.NONE);
    }

    private Uni<ChatMessage> finish(Admitted admitted, Reading reading, TurnResult result, Written written,
                                    TurnEvents events, long started) {
        ReplyPieces.of(written.reply()).forEach(events::delta);
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        JsonNode entities = reading.entities() != null ? json.valueToTree(reading.entities()) : null;
        ChatMessage answer = new ChatMessage(UUID.randomUUID(), ChatMessage.ASSISTANT, written.reply(), written.reply(),
                result.intent(), entities, result.tracks(), result.playlist(), result.insight(), written.providerUsed(),
                written.model(), latencyMs, written.fallbackAttempts(), written.promptVersion(), written.tokens(),
                result.degraded() ? "degraded" : "ok", now());
        return conversation.storeAnswer(admitted.session().sessionId(), admitted.userMessage().messageId(), answer, result.state())
                .replaceWith(answer)
                .invoke(events::message);
    }

    private TurnResult degradedWithoutRouter(ConversationState state) {
        return new TurnResult("help", json.createObjectNode(), null, null, null, state, true, List.of());
    }

    /**
     * The last resort when the router cannot be reached to write the reply: plain wording around the facts, so the
     * turn is still answered and stored.
     */
    private static String routerDownReply(ObjectNode facts) {
        if (facts.hasNonNull("error")) {
            return "Sorry, that didn't work: " + facts.get("error").asText() + ".";
        }
        if (facts.has("playlist")) {
            return "Saved the playlist \"" + facts.path("playlist").path("name").asText() + "\" with "
                    + facts.path("playlist").path("trackCount").asInt() + " tracks.";
        }
        if (facts.has("tracks")) {
            return "Here is the list: " + facts.path("trackCount").asInt() + " tracks.";
        }
        if (facts.has("figures")) {
            StringBuilder reply = new StringBuilder("Here's what I found.");
            facts.path("figures").properties().forEach(e -> reply.append(' ').append(e.getKey()).append(": ")
                    .append(e.getValue().asText()).append(';'));
            return reply.substring(0, reply.length() - 1) + ".";
        }
        if (facts.has("feedback")) {
            return "Thanks, noted.";
        }
        return "I can recommend music, refine the list, save it as a playlist and answer questions about your listening.";
    }

    private static String withNotes(String reply, List<String> notes) {
        if (notes.isEmpty()) {
            return reply;
        }
        StringBuilder text = new StringBuilder(reply);
        for (String note : notes) {
            text.append(' ').append(Character.toUpperCase(note.charAt(0))).append(note.substring(1));
            if (!note.endsWith(".")) {
                text.append('.');
            }
        }
        return text.toString();
    }

    private Instant now() {
        // Microsecond precision: what PostgreSQL keeps, so a re-read returns the same instant.
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
