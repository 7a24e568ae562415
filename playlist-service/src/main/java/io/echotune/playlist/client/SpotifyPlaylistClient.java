package io.echotune.playlist.client;

import io.echotune.commons.http.RetryAfter;
import io.echotune.commons.problem.ApiException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.List;

/**
 * Spotify playlist writes behind named breakers ({@code spotify-create-playlist}, {@code spotify-replace-items},
 * {@code spotify-add-items}). No automatic retry: creating a playlist and
 * appending items are not idempotent (a retry after a lost answer could double them); instead the whole save is
 * idempotent (the first chunk replaces everything), so the caller repeats the save. A 429 becomes a 503 carrying
 * Spotify's Retry-After; a 401 or 403 means the connection no longer works (409: reconnect).
 */
@ApplicationScoped
public class SpotifyPlaylistClient {

    /** A created Spotify playlist: its id and web address. */
    public record Created(String id, String url) {
    }

    private final SpotifyWebApi api;

    public SpotifyPlaylistClient(@RestClient SpotifyWebApi api) {
        this.api = api;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, skipOn = ApiException.class)
    @CircuitBreakerName("spotify-create-playlist")
    public Uni<Created> create(String accessToken, String name, String description) {
        return api.createPlaylist(bearer(accessToken), new SpotifyWebApi.NewPlaylist(name, description, false))
                .map(p -> new Created(p.id(), p.externalUrls() == null ? null : p.externalUrls().get("spotify")))
                .onFailure(WebApplicationException.class).transform(SpotifyPlaylistClient::translate);
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, skipOn = ApiException.class)
    @CircuitBreakerName("spotify-replace-items")
    public Uni<Void> replaceItems(String accessToken, String playlistId, List<String> uris) {
        return api.replaceItems(bearer(accessToken), playlistId, new SpotifyWebApi.Items(uris)).replaceWithVoid()
                .onFailure(WebApplicationException.class).transform(SpotifyPlaylistClient::translate);
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, skipOn = ApiException.class)
    @CircuitBreakerName("spotify-add-items")
    public Uni<Void> addItems(String accessToken, String playlistId, List<String> uris) {
        return api.addItems(bearer(accessToken), playlistId, new SpotifyWebApi.Items(uris)).replaceWithVoid()
                .onFailure(WebApplicationException.class).transform(SpotifyPlaylistClient::translate);
    }

    private static String bearer(String accessToken) {
        return "Bearer " + accessToken;
    }

    private static Throwable translate(Throwable failure) {
        var response = ((WebApplicationException) failure).getResponse();
        int status = response.getStatus();
        if (status == 429) {
            Duration parsed = RetryAfter.parse(response.getHeaderString("Retry-After"));
            Duration wait = parsed != null ? parsed : Duration.ofSeconds(30);
            return ApiException.serviceUnavailable("Spotify is rate limiting this app; try again in "
                    + wait.toSeconds() + " s", wait);
        }
        if (status == 401 || status == 403) {
            return ApiException.conflict("Spotify refused the connection; reconnect Spotify (GET /auth/spotify) and try again");
        }
        return failure;
    }
}
