package io.echotune.llmrouter.client;

import io.echotune.llmrouter.TokenUsage;

/** A provider's answer: the text the model produced, the tokens it reports and the model that really answered. */
public class ProviderReply {

    private final String content;
    private final TokenUsage usage;
    private final String model;

    public ProviderReply(String content, TokenUsage usage, String model) {
        this.content = content;
        this.usage = usage;
        this.model = model;
    }

    public String content() {
        return content;
    }

    public TokenUsage usage() {
        return usage;
    }

    public String model() {
        return model;
    }
}
