package io.echotune.llmrouter;

import java.time.Duration;

/**
 * A usable remote provider, ready to call: its key is resolved from the environment. {@link #toString()} leaves the
 * key out so that it never reaches a log.
 */
public record ProviderSpec(String name, ProviderKind kind, String baseUrl, String model, String apiKey,
                           Duration timeout, int priority) {

    public boolean hasKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "ProviderSpec[name=" + name + ", kind=" + kind.id() + ", baseUrl=" + baseUrl + ", model=" + model
                + ", timeout=" + timeout + ", priority=" + priority + "]";
    }
}
