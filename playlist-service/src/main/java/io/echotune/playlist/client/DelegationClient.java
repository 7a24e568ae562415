package io.echotune.playlist.client;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.Problem;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;

/**
 * The gateway's delegation endpoints, behind named breakers ({@code gateway-delegation-issue}, {@code gateway-delegation-exchange}) with one quick retry
 * (issuing and exchanging create nothing that a repeat could double). Neither a delegation nor a token is logged.
 */
@ApplicationScoped
public class DelegationClient {

    /** The purpose the gateway knows for a playlist's scheduled refresh. */
    static final String PLAYLIST_REFRESH = "playlist-refresh";

    /** A delegation and when it stops being exchangeable. */
    public record Delegation(String delegation, Instant expiresAt) {
    }

    /** What an exchange gave: a token, or the gateway's refusal (403 not a valid delegation, 404 user gone). */
    public sealed interface Exchange {
        record Granted(String token) implements Exchange {
        }

        record Refused(int status) implements Exchange {
        }
    }

    private final GatewayApi api;

    public DelegationClient(@RestClient GatewayApi api) {
        this.api = api;
    }

    /**
     * A delegation to refresh {@code playlistId} for the user of {@code bearer} (a live request's internal token).
     * A 403 (the caller's credential may not write) is the caller's problem, not an outage.
     */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = ApiException.class)
    @CircuitBreakerName("gateway-delegation-issue")
    @Retry(maxRetries = 1, delay = 50, abortOn = ApiException.class)
    public Uni<Delegation> delegateRefresh(String bearer, String playlistId) {
        return api.delegate(bearer, new GatewayApi.DelegationRequest(PLAYLIST_REFRESH, playlistId))
                .map(d -> new Delegation(d.delegation(), d.expiresAt()))
                .onFailure(e -> status(e) == 403).transform(e -> new ApiException(Problem.forbidden(
                        "A scheduled refresh acts for you later: set it with a credential that may write")));
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000)
    @CircuitBreakerName("gateway-delegation-exchange")
    @Retry(maxRetries = 1, delay = 50)
    public Uni<Exchange> exchange(String serviceKey, String delegation) {
        return api.exchange("Service " + serviceKey, new GatewayApi.ExchangeRequest(delegation))
                .<Exchange>map(answer -> new Exchange.Granted(answer.token()))
                .onFailure(e -> status(e) == 403 || status(e) == 404)
                .recoverWithItem(e -> new Exchange.Refused(status(e)));
    }

    private static int status(Throwable e) {
        return e instanceof WebApplicationException w ? w.getResponse().getStatus() : -1;
    }
}
