package io.echotune.gateway.client;

import io.echotune.commons.problem.ApiException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Spotify's sign-in endpoints behind circuit breakers. The code exchange is never retried: an authorization
 * code is single-use, so a retry could only fail. Reading the profile is safe to retry once.
 */
@ApplicationScoped
public class SpotifyClient {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(1);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final SpotifyAccountsApi accounts;
    private final SpotifyWebApi web;

    public SpotifyClient(@RestClient SpotifyAccountsApi accounts, @RestClient SpotifyWebApi web) {
        this.accounts = accounts;
        this.web = web;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, skipOn = ApiException.class)
    @CircuitBreakerName("spotify-accounts")
    public Uni<SpotifyTokens> exchangeCode(String code, String codeVerifier, URI redirectUri, String clientId,
                                           Optional<String> clientSecret) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", redirectUri.toString());
        form.add("client_id", clientId);
        form.add("code_verifier", codeVerifier);
        String basic = clientSecret.map(secret -> "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8))).orElse(null);
        return accounts.token(basic, form).onFailure(SpotifyClient::isRejection).transform(e ->
                ApiException.badRequest("Spotify did not accept the sign-in (" + status(e) + "); start again"));
    }

    /**
     * New tokens for a stored refresh token (Authorization Code with PKCE: the client id in the form, and the
     * client secret as Basic credentials when the app has one). Not retried: Spotify may rotate the refresh token, so
     * a repeated call could present one that is no longer valid. A 4xx means the user revoked the app.
     */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, skipOn = ApiException.class)
    @CircuitBreakerName("spotify-refresh")
    public Uni<SpotifyTokens> refresh(String refreshToken, String clientId, Optional<String> clientSecret) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        form.add("client_id", clientId);
        String basic = clientSecret.map(secret -> "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8))).orElse(null);
        return accounts.token(basic, form).onFailure(SpotifyClient::isRejection).transform(SpotifyClient::refreshRejection);
    }

    /**
     * The user's plays after {@code afterMs} (all of the last ones when null), at most {@code limit} (1-50). Not
     * retried here: the sync runs again at its next interval. A 429 (rate limit or quota) becomes a 429 problem with
     * Spotify's Retry-After, a 403 (a permission not granted) {@link SpotifyConnectionRevoked}, a 401 a 401 problem;
     * none of them opens the breaker.
     */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, skipOn = ApiException.class)
    @CircuitBreakerName("spotify-recently-played")
    public Uni<RecentlyPlayedPage> recentlyPlayed(String accessToken, int limit, Long afterMs) {
        return web.recentlyPlayed("Bearer " + accessToken, limit, afterMs).onFailure(SpotifyClient::isRejection)
                .transform(e -> switch (status(e)) {
                    case 429 -> rateLimited(e);
                    case 403 -> new SpotifyConnectionRevoked("Spotify did not grant EchoTune access to your recently "
                            + "played tracks; sign in with Spotify again to allow it");
                    case 401 -> ApiException.unauthorized("Spotify refused the access token");
                    default -> ApiException.badRequest("Spotify refused to list recently played tracks (" + status(e) + ")");
                });
    }

    /** invalid_grant: the refresh token is revoked or expired; 429: try again later; any other 4xx: a plain conflict. */
    private static ApiException refreshRejection(Throwable e) {
        int status = status(e);
        if (status == 429) {
            return rateLimited(e);
        }
        if (status == 400 && "invalid_grant".equals(oauthError(e))) {
            return new SpotifyConnectionRevoked("Spotify no longer accepts this connection (invalid_grant); sign in "
                    + "with Spotify again");
        }
        return ApiException.conflict("Spotify no longer accepts this connection (" + status + "); sign in with Spotify again");
    }

    private static ApiException rateLimited(Throwable e) {
        return ApiException.tooManyRequests("Spotify asks EchoTune to slow down (429)",
                retryAfter(((WebApplicationException) e).getResponse().getHeaderString("Retry-After")));
    }

    /** Spotify's Retry-After is in seconds; a missing or unreadable one counts as a minute. */
    static Duration retryAfter(String header) {
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.strip());
                if (seconds >= 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException ignored) {
                // an HTTP date or garbage: fall through to the default
            }
        }
        return DEFAULT_RETRY_AFTER;
    }

    /** The {@code error} of an OAuth error answer ({@code {"error": "invalid_grant", ...}}), or null. */
    private static String oauthError(Throwable e) {
        try {
            String body = ((WebApplicationException) e).getResponse().readEntity(String.class);
            if (body == null) {
                return null;
            }
            com.fasterxml.jackson.databind.JsonNode error = JSON.readTree(body).get("error");
            return error != null && error.isTextual() ? error.asText() : null;
        } catch (RuntimeException | java.io.IOException unreadable) {
            return null;
        }
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, skipOn = ApiException.class)
    @CircuitBreakerName("spotify-api")
    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public Uni<SpotifyProfile> profile(String accessToken) {
        return web.me("Bearer " + accessToken).onFailure(SpotifyClient::isRejection).transform(e ->
                ApiException.badRequest("Spotify refused to share the profile (" + status(e) + ")"));
    }

    /** A 4xx means Spotify said no to this request: not a reason to open the breaker or retry. */
    private static boolean isRejection(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse().getStatus() >= 400 && w.getResponse().getStatus() < 500;
    }

    private static int status(Throwable e) {
        return ((WebApplicationException) e).getResponse().getStatus();
    }
}
