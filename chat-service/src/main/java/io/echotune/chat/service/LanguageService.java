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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Reading messages and writing replies through the LLM router, each call cut at its own timeout. The router
 * always has its offline interpreter, so a failure here means the router itself could not be reached. Each call
 * tells the router how long it may take ({@link #routerBudgetMs}): a remote provider that hangs is then given up
 * by the router in time for its offline interpreter or composer to answer, instead of this timeout cutting the
 * turn off with no reading at all (and the router never learning that the provider failed).
 */
@ApplicationScoped
public class LanguageService {

    private static final Logger LOG = Logger.getLogger(LanguageService.class);

    private final LlmRouterClient router;
    private final long interpretBudgetMs;
    private final long composeBudgetMs;

    public LanguageService(LlmRouterClient router,
                           @ConfigProperty(name = "io.echotune.chat.service.LanguageService/interpret/Timeout/value",
                                   defaultValue = "10000") long interpretTimeoutMs,
                           @ConfigProperty(name = "io.echotune.chat.service.LanguageService/compose/Timeout/value",
                                   defaultValue = "10000") long composeTimeoutMs) {
        this.router = router;
        this.interpretBudgetMs = routerBudgetMs(interpretTimeoutMs);
        this.composeBudgetMs = routerBudgetMs(composeTimeoutMs);
    }

    /**
     * Seven tenths of this side's timeout: the rest covers the hop and the router's offline answer, which took up
     * to 2.6 s past an 8 s budget on a machine at load 10 (docs/reliability.md, finding 5).
     */
    static long routerBudgetMs(long timeoutMs) {
        return Math.max(1, timeoutMs * 7 / 10);
    }

    // in ms, the unit of its key in application.properties (a key overrides the value, never the unit)
    @Timeout(10_000)
    @Fallback(fallbackMethod = "interpretUnavailable")
    public Uni<Downstream<Reading>> interpret(String bearer, String text, List<ChatMessage> context, String provider) {
        return router.interpret(bearer, text, context, provider, interpretBudgetMs).map(Downstream::answered);
    }

    Uni<Downstream<Reading>> interpretUnavailable(String bearer, String text, List<ChatMessage> context, String provider,
                                                  Throwable cause) {
        LOG.warnf("Interpretation unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the language service is unavailable right now"));
    }

    @Timeout(10_000)
    @Fallback(fallbackMethod = "composeUnavailable")
    public Uni<Downstream<ComposedReply>> compose(String bearer, JsonNode facts, String intent, String provider) {
        return router.compose(bearer, facts, intent, provider, composeBudgetMs).map(Downstream::answered);
    }

    Uni<Downstream<ComposedReply>> composeUnavailable(String bearer, JsonNode facts, String intent, String provider,
                                                      Throwable cause) {
        LOG.warnf("Composing unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the language service is unavailable right now"));
    }
}
