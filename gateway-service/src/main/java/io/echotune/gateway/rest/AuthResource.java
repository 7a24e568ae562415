package io.echotune.gateway.rest;

import io.echotune.gateway.repository.SessionStore;
import io.echotune.gateway.service.AccountService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
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

    private final AccountService accounts;
    private final SessionStore sessions;
    private final SessionCookies cookies;

    public AuthResource(AccountService accounts, SessionStore sessions, SessionCookies cookies) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
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
