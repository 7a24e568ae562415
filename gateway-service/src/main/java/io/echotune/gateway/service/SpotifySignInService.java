package io.echotune.gateway.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.client.SpotifyClient;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.SignInStateStore;
import io.echotune.gateway.repository.SpotifySyncRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;

/**
 * Sign-in with Spotify: the Authorization Code flow with PKCE (S256) and a one-time {@code state}. Spotify's
 * tokens are kept encrypted with the user so that playlists can later be saved to their account.
 */
@ApplicationScoped
public class SpotifySignInService {

    private final GatewayConfig.Spotify config;
    private final SignInStateStore states;
    private final SpotifyClient spotify;
    private final AccountService accounts;
    private final TokenCipher cipher;
    private final SpotifySyncRepository syncState;

    public SpotifySignInService(GatewayConfig config, SignInStateStore states, SpotifyClient spotify,
                                AccountService accounts, TokenCipher cipher, SpotifySyncRepository syncState) {
        this.syncState = syncState;
        this.config = config.spotify();
        this.states = states;
        this.spotify = spotify;
        this.accounts = accounts;
        this.cipher = cipher;
    }

    /**
     * A started sign-in: where to send the browser, and the binding secret to set in that browser's pre-auth
     * cookie. The callback is accepted only from the browser holding it, so nobody can finish a sign-in they
     * started in someone else's browser (login CSRF: signing a victim into the attacker's account).
     */
    public record Started(URI authorizeUrl, String browserBinding) {
    }

    /** Where to send the browser to sign in. */
    public Uni<Started> start() {
        String clientId = requireConfigured();
        String state = Secrets.newSessionId();
        String binding = Secrets.newSessionId();
        String verifier = Secrets.newSessionId() + Secrets.newSessionId();
        URI authorize = UriBuilder.fromUri(config.accountsUrl()).path("/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", clientId)
                .queryParam("scope", config.scopes())
                .queryParam("redirect_uri", config.redirectUri())
                .queryParam("state", state)
                .queryParam("code_challenge_method", "S256")
                .queryParam("code_challenge", challenge(verifier))
                .build();
        return states.remember(state, new SignInStateStore.PendingSignIn(verifier, Secrets.sha256Hex(binding)))
                .replaceWith(new Started(authorize, binding));
    }

    /** Finishes a sign-in Spotify sent back; answers the signed-in user's id. */
    @Timeout(15_000)
    public Uni<UUID> complete(String code, String state, String error, String browserBinding) {
        String clientId = requireConfigured();
        if (error != null && !error.isBlank()) {
            return Uni.createFrom().failure(ApiException.badRequest("Spotify sign-in was not completed: " + error));
        }
        if (code == null || code.isBlank() || state == null || state.isBlank()) {
            return Uni.createFrom().failure(ApiException.badRequest("The sign-in callback needs both code and state"));
        }
        return states.take(state).chain(pending -> {
            if (pending.isEmpty()) {
                return Uni.createFrom().failure(ApiException.badRequest(
                        "This sign-in has expired or was already used; start again at /auth/spotify"));
            }
            if (!boundToThisBrowser(pending.get(), browserBinding)) {
                return Uni.createFrom().failure(ApiException.badRequest(
                        "This sign-in was started in another browser; start again at /auth/spotify"));
            }
            return spotify.exchangeCode(code, pending.get().codeVerifier(), config.redirectUri(), clientId, config.clientSecret())
                    .chain(tokens -> spotify.profile(tokens.accessToken())
                            .chain(profile -> accounts.signInWithSpotify(profile, tokens)))
                    // the listening sync picks the user up (again, when Spotify had refused the old connection)
                    .call(syncState::connected);
        });
    }

    private static boolean boundToThisBrowser(SignInStateStore.PendingSignIn pending, String browserBinding) {
        if (browserBinding == null || browserBinding.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(pending.bindingHash().getBytes(StandardCharsets.US_ASCII),
                Secrets.sha256Hex(browserBinding).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether this server can sign in with Spotify (a client id, and a key to encrypt the tokens at rest). */
    public boolean isConfigured() {
        return config.clientId().filter(id -> !id.isBlank()).isPresent() && cipher.isConfigured();
    }

    private String requireConfigured() {
        if (!isConfigured()) {
            throw ApiException.notFound("Spotify sign-in (not configured on this server: set SPOTIFY_CLIENT_ID and"
                    + " ECHOTUNE_TOKEN_ENCRYPTION_KEY)");
        }
        return config.clientId().get();
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
