package io.echotune.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.chat.client.InsightsClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

import java.util.Map;

/** Listening insights through the insights service, cut at its own timeout. */
@ApplicationScoped
public class InsightsService {

    private static final Logger LOG = Logger.getLogger(InsightsService.class);

    private final InsightsClient insights;

    public InsightsService(InsightsClient insights) {
        this.insights = insights;
    }

    @Timeout(5_000)
    @Fallback(fallbackMethod = "readUnavailable")
    public Uni<Downstream<JsonNode>> read(String bearer, String endpoint, Map<String, String> query) {
        return insights.read(bearer, endpoint, query).map(Downstream::answered);
    }

    Uni<Downstream<JsonNode>> readUnavailable(String bearer, String endpoint, Map<String, String> query, Throwable cause) {
        LOG.warnf("Insights unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the insights service is unavailable right now"));
    }
}
