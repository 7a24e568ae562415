package io.echotune.playlist.client;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.Optional;

/**
 * The caller's Spotify access token from the gateway, behind a named breaker ({@code gateway-spotify-token}) with
 * one quick retry (a read: safe to repeat). A 404 means the user never connected Spotify: an empty result, not a
 * failure. The token is never logged.
 */
@ApplicationScoped
public class SpotifyTokenClient {

    private final GatewayApi api;

    public SpotifyTokenClient(@RestClient GatewayApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000)
    @CircuitBreakerName("gateway-spotify-token")
    @Retry(maxRetries = 1, delay = 50)
    public Uni<Optional<String>> accessToken(String bearer) {
        return api.spotifyAccessToken(bearer)
                .map(access -> Optional.ofNullable(access == null ? null : access.accessToken()))
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithItem(Optional.empty());
    }
}
