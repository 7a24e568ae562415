package io.echotune.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.chat.ChatMessage;
import io.echotune.chat.Reading;
import io.echotune.chat.client.ComposedReply;
import io.echotune.chat.client.LlmRouterClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Reading messages and writing replies through the LLM router, each call cut at its own timeout. The router
 * always has its offline interpreter, so a failure here means the router itself could not be reached.
 */
@ApplicationScoped
public class LanguageService {

    private static final Logger LOG = Logger.getLogger(LanguageService.class);

    private final LlmRouterClient router;

    public LanguageService(LlmRouterClient router) {
        this.router = router;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "interpretUnavailable")
    public Uni<Downstream<Reading>> interpret(String bearer, String text, List<ChatMessage> context, String provider) {
        return router.interpret(bearer, text, context, provider).map(Downstream::answered);
    }

    Uni<Downstream<Reading>> interpretUnavailable(String bearer, String text, List<ChatMessage> context, String provider,
                                                  Throwable cause) {
        LOG.warnf("Interpretation unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the language service is unavailable right now"));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "composeUnavailable")
    public Uni<Downstream<ComposedReply>> compose(String bearer, JsonNode facts, String intent, String provider) {
        return router.compose(bearer, facts, intent, provider).map(Downstream::answered);
    }

    Uni<Downstream<ComposedReply>> composeUnavailable(String bearer, JsonNode facts, String intent, String provider,
                                                      Throwable cause) {
        LOG.warnf("Composing unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the language service is unavailable right now"));
    }
}
