package io.echotune.chat.client;

import io.echotune.chat.SavedPlaylist;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.ConnectException;
import java.util.List;

/**
 * Calls the playlist service behind the breaker {@code playlist}. Creating is not idempotent, so it is retried only
 * when the connection was refused (the request never left), never after a timeout or a 5xx.
 */
@ApplicationScoped
public class PlaylistClient {

    private final PlaylistApi api;

    public PlaylistClient(@RestClient PlaylistApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15_000, skipOn = DownstreamRefusal.class)
    @CircuitBreakerName("playlist")
    @Retry(maxRetries = 1, delay = 50, retryOn = ConnectException.class)
    public Uni<SavedPlaylist> create(String bearer, String name, String prompt, List<String> trackIds) {
        return api.create(bearer, new PlaylistApi.CreateBody(name, prompt, trackIds))
                .map(c -> new SavedPlaylist(c.playlistId(), c.name(), c.version(), c.tracks() == null ? 0 : c.tracks().size()))
                .onFailure().transform(DownstreamRefusal::ifRefused);
    }
}
