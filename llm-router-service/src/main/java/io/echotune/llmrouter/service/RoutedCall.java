package io.echotune.llmrouter.service;

import io.echotune.llmrouter.ai.InvalidOutput;
import io.echotune.llmrouter.client.ChatPrompt;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * One operation the router can run on any provider: the prompt for remote models and how to read their answer, and
 * what the offline interpreter does instead.
 */
interface RoutedCall<T> {

    /** "interpret" or "compose", for metrics and logs. */
    String operation();

    /** The versioned prompt used for remote providers. */
    String promptVersion();

    ChatPrompt prompt();

    /** Reads and validates a model's answer. */
    T parse(String answer) throws InvalidOutput;

    /** The follow-up that asks the model once to correct an invalid answer. */
    default String repairRequest(List<String> problems) {
        return "Your answer could not be used: " + String.join("; ", problems)
                + ". Answer again with the corrected JSON object only.";
    }

    /** The offline answer, always available. */
    Uni<T> local();

    /** The version of the offline rules or templates. */
    String localVersion();
}
