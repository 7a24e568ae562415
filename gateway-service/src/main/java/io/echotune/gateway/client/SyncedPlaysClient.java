package io.echotune.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.echotune.gateway.config.GatewayConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hands the plays of one Spotify sync run to ingestion-service ({@code POST /internal/v1/history/spotify-recent}),
 * with the user's internal token. Not retried: a run whose plays were not stored keeps its cursor, so the next run
 * asks Spotify for the same plays again (and storing them twice is harmless: same identity).
 */
@ApplicationScoped
public class SyncedPlaysClient {

    /** One play in the export's terms (the ingestion endpoint's body). */
    @RegisterForReflection
    public record Play(String endTime, long msPlayed, String trackUri, String trackName, String artistName,
                       String albumName) {
    }

    @RegisterForReflection
    public record Plays(List<Play> plays) {
    }

    /** What ingestion did with them. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stored(int received, int stored, int duplicates) {
    }

    private final SyncedPlaysApi ingestion;

    public SyncedPlaysClient(GatewayConfig config) {
        this.ingestion = QuarkusRestClientBuilder.newBuilder()
                .baseUri(config.services().get("ingestion"))
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .build(SyncedPlaysApi.class);
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000)
    @CircuitBreakerName("ingestion-synced-plays")
    public Uni<Stored> store(String internalToken, List<Play> plays) {
        return ingestion.store("Bearer " + internalToken, new Plays(plays));
    }
}
