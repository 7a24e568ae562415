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
import java.util.Base64;
import java.util.Optional;

/**
 * Spotify's sign-in endpoints behind circuit breakers. The code exchange is never retried: an authorization
 * code is single-use, so a retry could only fail. Reading the profile is safe to retry once.
 */
@ApplicationScoped
public class SpotifyClient {

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
        return accounts.token(basic, form).onFailure(SpotifyClient::isRejection).transform(e ->
                ApiException.conflict("Spotify no longer accepts this connection (" + status(e) + "); sign in with Spotify again"));
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
