package io.echotune.gateway.rest;

import io.echotune.gateway.Account;
import io.echotune.gateway.Preferences;
import io.echotune.gateway.routing.CurrentCaller;
import io.echotune.gateway.service.AccessTokenCache;
import io.echotune.gateway.service.AccountService;
import io.echotune.gateway.service.PreferencesService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final AccountService accounts;
    private final PreferencesService preferences;
    private final CurrentCaller caller;
    private final AccessTokenCache recentlyVerified;

    public MeResource(AccountService accounts, PreferencesService preferences, CurrentCaller caller,
                      AccessTokenCache recentlyVerified) {
        this.recentlyVerified = recentlyVerified;
        this.accounts = accounts;
        this.preferences = preferences;
        this.caller = caller;
    }

    public record PreferencesRequest(String llmProvider, String novelty, Boolean explicitContent, String timeZone) {
    }

    @GET
    @Path("/preferences")
    public Uni<Preferences> preferences() {
        return preferences.of(caller.get().userId());
    }

    @PUT
    @Path("/preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Preferences> replacePreferences(PreferencesRequest request) {
        PreferencesRequest body = request != null ? request : new PreferencesRequest(null, null, null, null);
        return preferences.replace(caller.get().userId(), body.llmProvider(), body.novelty(), body.explicitContent(),
                body.timeZone());
    }

    public record NewTokenRequest(String name, List<String> scopes) {
    }

    @GET
    public Uni<Account.Profile> me() {
        return accounts.profile(caller.get().userId());
    }

    @POST
    @Path("/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> issueToken(NewTokenRequest request) {
        NewTokenRequest body = request != null ? request : new NewTokenRequest(null, null);
        return accounts.issueToken(caller.get().userId(), body.name(), body.scopes())
                .map(token -> Response.created(URI.create("/api/v1/me/tokens/" + token.tokenId())).entity(token).build());
    }

    @GET
    @Path("/tokens")
    public Uni<List<Account.TokenInfo>> tokens() {
        return accounts.listTokens(caller.get().userId());
    }

    @DELETE
    @Path("/tokens/{tokenId}")
    public Uni<Void> revoke(@PathParam("tokenId") UUID tokenId) {
        // evicted from every replica's cache once the deletion is committed, so no replica can re-read it first
        return accounts.revokeToken(caller.get().userId(), tokenId).call(() -> recentlyVerified.revoked(tokenId));
    }
}
