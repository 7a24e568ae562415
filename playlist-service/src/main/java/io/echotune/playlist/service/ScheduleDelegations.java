package io.echotune.playlist.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.client.DelegationClient;
import io.echotune.playlist.client.DelegationClient.Exchange;
import io.echotune.playlist.config.PlaylistConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The owner's delegation behind a schedule: asked of the gateway while the owner sets the schedule (their internal
 * token proves the live request), and exchanged at run time, with this service's own key, for a short-lived internal
 * token of the owner (docs/playlists.md "Schedules"). Neither the delegation nor the token is ever logged.
 */
@ApplicationScoped
public class ScheduleDelegations {

    private final DelegationClient gateway;
    private final Optional<String> serviceKey;

    public ScheduleDelegations(DelegationClient gateway, PlaylistConfig config) {
        this.gateway = gateway;
        this.serviceKey = config.serviceKey().map(String::strip).filter(k -> !k.isEmpty());
    }

    /** Whether runs can exchange delegations at all (this service's key is configured). */
    public boolean canExchange() {
        return serviceKey.isPresent();
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "gatewayUnavailable", skipOn = ApiException.class)
    public Uni<String> forSchedule(String bearer, UUID playlistId) {
        return gateway.delegateRefresh(bearer, playlistId.toString()).map(DelegationClient.Delegation::delegation);
    }

    Uni<String> gatewayUnavailable(String bearer, UUID playlistId) {
        return Uni.createFrom().failure(ApiException.serviceUnavailable(
                "The schedule cannot be set right now (the gateway did not answer); try again shortly", Duration.ofSeconds(15)));
    }

    /** A short-lived internal token of the delegation's user, or the gateway's refusal; fails when it cannot be asked. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<Exchange> exchange(String delegation) {
        if (serviceKey.isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("echotune.playlist.service-key is not set"));
        }
        return gateway.exchange(serviceKey.get(), delegation);
    }
}
