package io.echotune.llmrouter.health;

import io.echotune.llmrouter.service.GazetteerStore;
import io.echotune.llmrouter.service.OfflineInterpreter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the offline interpreter's embedding model is loaded: until then no reading can be guaranteed. */
@Readiness
@ApplicationScoped
public class OfflineInterpreterReadiness implements HealthCheck {

    private final OfflineInterpreter interpreter;
    private final GazetteerStore gazetteer;

    public OfflineInterpreterReadiness(OfflineInterpreter interpreter, GazetteerStore gazetteer) {
        this.interpreter = interpreter;
        this.gazetteer = gazetteer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("offline-interpreter")
                .status(interpreter.ready())
                .withData("catalogArtists", gazetteer.current().artistCount())
                .withData("catalogTracks", gazetteer.current().trackCount())
                .build();
    }
}
