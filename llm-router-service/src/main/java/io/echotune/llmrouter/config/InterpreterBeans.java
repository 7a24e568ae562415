package io.echotune.llmrouter.config;

import io.echotune.llmrouter.ai.PromptTemplates;
import io.echotune.llmrouter.ai.ReadingParser;
import io.echotune.llmrouter.local.Lexicon;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The lexicon and what is built from it once: the remote prompts and the validator of remote answers. */
@ApplicationScoped
public class InterpreterBeans {

    @Produces
    @Singleton
    Lexicon lexicon() {
        return Lexicon.loadDefault();
    }

    @Produces
    @Singleton
    PromptTemplates promptTemplates(Lexicon lexicon) {
        return new PromptTemplates(lexicon);
    }

    @Produces
    @Singleton
    ReadingParser readingParser(Lexicon lexicon) {
        return new ReadingParser(lexicon);
    }
}
