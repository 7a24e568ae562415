package io.echotune.chat.rest;

import io.echotune.chat.ChatExport;
import io.echotune.chat.service.UserDataService;
import io.echotune.commons.identity.CallerIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The chat part of a user's data export, for the gateway's {@code GET /api/v1/me/export} only: it is not routed
 * publicly, and needs the {@code account} scope in the internal token. Streamed as a JSON array, one session (with its
 * messages) at a time.
 */
@Path("/internal/v1/export")
@RolesAllowed("account")
public class UserDataExportResource {

    private final UserDataService account;
    private final CallerIdentity caller;

    public UserDataExportResource(UserDataService account, CallerIdentity caller) {
        this.account = account;
        this.caller = caller;
    }

    @GET
    @Path("/chats.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Multi<ChatExport.Session> chats() {
        return account.export(caller.userId());
    }
}
