package io.echotune.gateway.rest;

import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.SessionStore;
import io.echotune.gateway.service.AccountService;
import io.echotune.gateway.service.SpotifySignInService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.UUID;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** Where the browser lands after sign-in: the web app. */
    private static final URI AFTER_SIGN_IN = URI.create("/chat");

    private final AccountService accounts;
    private final SpotifySignInService spotify;
    private final SessionStore sessions;
    private final SessionCookies cookies;
    private final boolean localAccounts;

    public AuthResource(AccountService accounts, SpotifySignInService spotify, SessionStore sessions, SessionCookies cookies,
                        GatewayConfig config) {
        this.accounts = accounts;
        this.spotify = spotify;
        this.sessions = sessions;
        this.cookies = cookies;
        this.localAccounts = config.localAccountsEnabled();
    }

    public record SignInMethods(boolean spotify, boolean localAccounts) {
    }

    @GET
    @Path("/auth/methods")
    @Operation(summary = "How one can sign in on this server (the web app's sign-in screen offers exactly these)")
    public SignInMethods signInMethods() {
        return new SignInMethods(spotify.isConfigured(), localAccounts);
    }

    @GET
    @Path("/auth/spotify")
    @Operation(summary = "Start signing in with Spotify (302 to Spotify's authorize page; PKCE S256 and state)")
    public Uni<Response> signInWithSpotify() {
        return spotify.start().map(started -> Response.status(Response.Status.FOUND).location(started.authorizeUrl())
                .cookie(cookies.signInBinding(started.browserBinding())).build());
    }

    @GET
    @Path("/auth/callback")
    @Operation(summary = "Where Spotify sends the browser back: opens the session and redirects to /chat")
    public Uni<Response> spotifyCallback(@QueryParam("code") String code, @QueryParam("state") String state,
                                         @QueryParam("error") String error,
                                         @CookieParam(SessionCookies.SIGN_IN_COOKIE) String browserBinding) {
        return spotify.complete(code, state, error, browserBinding).chain(sessions::open).map(sessionId ->
                Response.status(Response.Status.FOUND).location(AFTER_SIGN_IN)
                        .cookie(cookies.open(sessionId)).cookie(cookies.signInBindingExpired()).build());
    }

    public record LocalSignUpRequest(String displayName) {
    }

    public record LocalSignUpResponse(UUID userId, String displayName, String token) {
    }

    @POST
    @Path("/api/v1/auth/local")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a local account (self-hosted use) and sign in",
            description = "Answers with the account's first personal access token, shown only once, and sets the session cookie.")
    public Uni<Response> signUpLocal(LocalSignUpRequest request) {
        String displayName = request == null ? null : request.displayName();
        return accounts.createLocalAccount(displayName).chain(account -> sessions.open(account.userId()).map(sessionId ->
                Response.created(URI.create("/api/v1/me"))
                        .cookie(cookies.open(sessionId))
                        .entity(new LocalSignUpResponse(account.userId(), account.displayName(), account.token()))
                        .build()));
    }

    @POST
    @Path("/auth/logout")
    @Operation(summary = "End the browser session")
    public Uni<Response> logout(@CookieParam("echotune_session") String sessionId) {
        Uni<Void> closed = sessionId == null || sessionId.isBlank() ? Uni.createFrom().voidItem() : sessions.close(sessionId);
        return closed.map(done -> Response.noContent().cookie(cookies.expired()).build());
    }
}
