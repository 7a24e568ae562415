package io.echotune.recommender.service;

import io.echotune.recommender.client.LlmRouterClient;
import io.echotune.recommender.client.RouterReading;
import io.echotune.recommender.config.RecommenderConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Reads a free-text prompt with the LLM router's interpreter (by default its deterministic offline one, so the same
 * prompt always reads the same). The recommender never interprets language itself: when the router is slow, down or
 * refuses, the recommendation goes on with the request's structured fields and says so.
 */
@ApplicationScoped
public class InterpretationService {

    private static final Logger LOG = Logger.getLogger(InterpretationService.class);

    /** A reading, or why there is none. */
    public record Reading(RouterReading reading, String note) {
        public boolean available() {
            return reading != null;
        }
    }

    private final LlmRouterClient router;
    private final RecommenderConfig config;

    public InterpretationService(LlmRouterClient router, RecommenderConfig config) {
        this.router = router;
        this.config = config;
    }

    // in ms, the unit of its key in application.properties (a key overrides the value, never the unit)
    @Timeout(3_000)
    @Fallback(fallbackMethod = "unavailable")
    public Uni<Reading> read(String bearer, String prompt) {
        return router.interpret(bearer, prompt, config.interpreter().provider().orElse(null))
                .map(reading -> reading.map(r -> new Reading(r, null)).orElseGet(() -> new Reading(null,
                        "the language service declined to read the prompt; only the request's fields and a semantic "
                                + "match of the prompt to genres and moods were used")));
    }

    Uni<Reading> unavailable(String bearer, String prompt, Throwable cause) {
        LOG.warnf("Interpretation unavailable (%s); recommending from the structured fields", cause.toString());
        return Uni.createFrom().item(new Reading(null, "the language service could not be reached; only the request's "
                + "fields and a semantic match of the prompt to genres and moods were used"));
    }
}
