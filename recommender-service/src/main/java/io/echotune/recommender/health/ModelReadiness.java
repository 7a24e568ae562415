package io.echotune.recommender.health;

import io.echotune.recommender.service.ModelService;
import io.echotune.recommender.service.ProfileService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the in-memory model (catalog index, co-listening, genre vectors) is loaded; reports its size. The same
 * figures are gauges: {@code echotune_recommender_model_bytes}, {@code echotune_recommender_catalog_tracks},
 * {@code echotune_recommender_profile_cache_bytes}.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final ModelService model;

    public ModelReadiness(ModelService model, ProfileService profiles, MeterRegistry metrics) {
        this.model = model;
        Gauge.builder("echotune_recommender_model_bytes", model,
                m -> m.current() == null ? 0 : m.current().estimatedBytes())
                .description("Estimated heap of the in-memory catalog index, co-listening and genre vectors").register(metrics);
        Gauge.builder("echotune_recommender_catalog_tracks", model,
                m -> m.current() == null ? 0 : m.current().catalog().size()).register(metrics);
        Gauge.builder("echotune_recommender_profile_cache_bytes", profiles, ProfileService::cachedBytes)
                .description("Estimated heap of the taste profiles held in memory").register(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        ModelService.Snapshot s = model.current();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("recommendation-model");
        if (s == null) {
            return b.down().withData("state", "loading").build();
        }
        return b.up().withData("catalogVersion", s.catalog().version()).withData("tracks", s.catalog().size())
                .withData("coListeningPairs", s.coListening().pairs())
                .withData("coListeningBuiltAt", s.coListening().builtAt())
                .withData("artistCoListeningPairs", s.artistCoListening().pairs())
                .withData("estimatedBytes", s.estimatedBytes()).build();
    }
}
