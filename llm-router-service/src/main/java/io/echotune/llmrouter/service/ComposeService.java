package io.echotune.llmrouter.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.commons.problem.ApiException;
import io.echotune.llmrouter.Intent;
import io.echotune.llmrouter.Routed;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks a compose request and hands it to the router. */
@ApplicationScoped
public class ComposeService {

    /** Facts are a summary for one reply, not a data dump: this bounds what a remote prompt costs. */
    static final int MAX_FACTS_CHARS = 16_000;

    private final ProviderRouter router;

    public ComposeService(ProviderRouter router) {
        this.router = router;
    }

    /** Answered within {@code callerDeadline} when the caller set one shorter than the router's own (null: none). */
    public Uni<Routed<String>> compose(JsonNode facts, String intent, String preferredProvider, Duration callerDeadline) {
        if (facts == null || !facts.isObject()) {
            return Uni.createFrom().failure(ApiException.invalidField("facts", "must be a JSON object"));
        }
        if (facts.toString().length() > MAX_FACTS_CHARS) {
            return Uni.createFrom().failure(ApiException.invalidField("facts",
                    "must be at most " + MAX_FACTS_CHARS + " characters of JSON"));
        }
        Intent parsed = Intent.fromId(intent);
        if (parsed == null) {
            return Uni.createFrom().failure(ApiException.invalidField("intent",
                    "must be one of recommend, refine, create_playlist, insight, feedback, playback, help, smalltalk"));
        }
        return router.compose(parsed, facts, preferredProvider, callerDeadline);
    }
}
