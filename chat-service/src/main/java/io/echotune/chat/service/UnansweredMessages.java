package io.echotune.chat.service;

import io.echotune.chat.ChatMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks the user messages of a conversation that never got their answer: no assistant message follows, and the
 * message is older than the longest a turn can take, so it is not one being answered right now. Such a turn was cut
 * off (the chat service stopped mid-turn, or its answer could not be stored; the answer and the conversation state
 * are stored together, so nothing half-done is left). The conversation says so rather than showing a question as if
 * it were still waiting, and the web app offers to send it again (docs/reliability.md, finding 3).
 */
final class UnansweredMessages {

    private UnansweredMessages() {
    }

    static List<ChatMessage> marked(List<ChatMessage> conversation, Instant now, Duration unansweredAfter) {
        List<ChatMessage> marked = new ArrayList<>(conversation.size());
        for (int i = 0; i < conversation.size(); i++) {
            ChatMessage message = conversation.get(i);
            boolean answered = i + 1 < conversation.size()
                    && ChatMessage.ASSISTANT.equals(conversation.get(i + 1).role());
            boolean unanswered = ChatMessage.USER.equals(message.role()) && !answered
                    && message.createdAt().plus(unansweredAfter).isBefore(now);
            marked.add(unanswered ? message.withOutcome(ChatMessage.UNANSWERED) : message);
        }
        return marked;
    }
}
