package io.echotune.llmrouter.client;

import java.util.List;

/**
 * What is sent to a chat model: a system instruction and the conversation so far ({@code role} user or assistant).
 * {@code json} asks the provider for a JSON object where its API can enforce one.
 */
public record ChatPrompt(String system, List<Message> messages, boolean json, int maxTokens) {

    public record Message(String role, String content) {
    }

    public ChatPrompt {
        messages = List.copyOf(messages);
    }

    /** The same prompt with two more messages: the model's previous answer and a follow-up from the user. */
    public ChatPrompt followedBy(String assistantAnswer, String userMessage) {
        List<Message> more = new java.util.ArrayList<>(messages);
        more.add(new Message("assistant", assistantAnswer));
        more.add(new Message("user", userMessage));
        return new ChatPrompt(system, more, json, maxTokens);
    }
}
